package org.neurostream.operators.spikes;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

/**
 * Counts the spikes of a population of units in bins of a device-time grid, {@code [k B, (k + 1)
 * B)} from time 0, one population vector (spikes per unit) per bin, from the bin of the first spike
 * on, empty bins included. A bin is complete, and handed to the {@link Sink}, once the stream has
 * moved past its end: a spike in a later bin, or {@link #advanceTo} a time at or past it (a frame
 * starting there: no spike before it can come). Spikes must come in time order; one of an
 * already-complete bin is refused ({@link #add} returns false).
 *
 * <p>Nothing is allocated per spike; the sink gets the counts array, which it must copy if it keeps
 * it (the binner clears it for the next bin). Not thread-safe.
 */
public final class PopulationBinner {
    /** Receives each complete bin. */
    @FunctionalInterface
    public interface Sink {
        /**
         * @param bin the bin's index k on the grid
         * @param counts spikes per unit in the bin (valid during the call only)
         * @param spikes their sum
         */
        void onBin(long bin, int[] counts, long spikes);
    }

    private final int units;
    private final long binNs;
    private final int[] counts;
    private long bin = -1;
    private long spikes;

    /**
     * @param units the population's size (addresses 0 .. units - 1)
     * @param binNs the grid's bin width, ns
     * @throws IllegalArgumentException when units &lt; 1 or binNs &lt; 1
     */
    public PopulationBinner(final int units, final long binNs) {
        if (units < 1 || binNs < 1) {
            throw new IllegalArgumentException(
                    "a population of " + units + " units in bins of " + binNs + " ns");
        }
        this.units = units;
        this.binNs = binNs;
        this.counts = new int[units];
    }

    /** The population's size. */
    public int units() {
        return units;
    }

    /** The bin width, ns. */
    public long binNs() {
        return binNs;
    }

    /**
     * Counts a spike of unit {@code address} at {@code timeNs}, first handing the bins it completes
     * to {@code sink}.
     *
     * @return false when the spike falls in a bin already complete (it is not counted)
     * @throws IndexOutOfBoundsException when the address is outside 0 .. units - 1
     */
    public boolean add(final long timeNs, final int address, final Sink sink) {
        final long k = Math.floorDiv(timeNs, binNs);
        if (bin < 0) {
            bin = k;
        } else if (k < bin) {
            return false;
        }
        closeBefore(k, sink);
        counts[address]++;
        spikes++;
        return true;
    }

    /**
     * No spike before {@code timeNs} will come: hands every bin that ends at or before it to {@code
     * sink} (nothing before the first spike).
     */
    public void advanceTo(final long timeNs, final Sink sink) {
        if (bin >= 0) {
            closeBefore(Math.floorDiv(timeNs, binNs), sink);
        }
    }

    /** Completes the bins before bin {@code k}; bin {@code k} is then the open one. */
    private void closeBefore(final long k, final Sink sink) {
        while (bin < k) {
            sink.onBin(bin, counts, spikes);
            if (spikes > 0) {
                java.util.Arrays.fill(counts, 0);
                spikes = 0;
            }
            bin++;
        }
    }

    /** Writes the open bin's index and counts. */
    public void writeState(final DataOutput out) throws IOException {
        out.writeLong(bin);
        out.writeLong(spikes);
        StateIo.writeInts(out, counts, 0, units);
    }

    /**
     * Reads what {@link #writeState} wrote for a binner of this size.
     *
     * @throws StateFormatException when the counts disagree with their sum
     */
    public void readState(final DataInput in) throws IOException {
        bin = in.readLong();
        spikes = in.readLong();
        StateIo.readInts(in, counts, 0, units);
        long sum = 0;
        for (final int c : counts) {
            sum += c;
        }
        if (sum != spikes || bin < -1) {
            throw new StateFormatException(
                    "population bin "
                            + bin
                            + " of "
                            + spikes
                            + " spikes whose counts sum to "
                            + sum);
        }
    }

    /** A deep copy. */
    public PopulationBinner copy() {
        final PopulationBinner c = new PopulationBinner(units, binNs);
        c.bin = bin;
        c.spikes = spikes;
        System.arraycopy(counts, 0, c.counts, 0, units);
        return c;
    }
}
