package org.neurostream.operators.motif;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import org.neurostream.operators.state.StateFormatException;
import org.neurostream.operators.state.StateIo;

/**
 * One event stream's place in a motif detection, apart from the kernel: the bins still undecided
 * and what suppression still needs. A {@link MotifDetector} works on it in place ({@link
 * MotifDetector#use}), so that one detector (and one compiled kernel) serves every stream of a
 * Flink subtask, each stream's state living in keyed state.
 *
 * <p>Two forms. Ring form (the CPU detector's): the accumulators of the D bins from the open bin
 * on, {@code ring[(bin mod D) * M + m]}, and with suppression radius r &gt; 0 the potentials of the
 * last 2r + 1 closed bins, {@code history[(bin mod (2r + 1)) * M + m]}. Tail form (the OpenCL
 * backend's, which accumulates on the device): the accepted events that still reach undecided bins
 * (events of bins &gt;= open bin - D + 1), in arrival order; with suppression radius r &gt; 0 also
 * those that reach the last 2r closed bins (events of bins &gt;= open bin - 2r - D + 1), whose
 * potentials the pending decisions compare. A detector turns a tail into a ring (and history) by
 * adding those events again, in order, to the bins from the open bin - 2r on, which gives the very
 * floats the ring and the history would hold; a ring cannot turn back into a tail.
 */
public final class MotifStreamState {
    /** M, D and 2r + 1 of the detector the state belongs to. */
    final int motifs;

    final int delays;
    final int historyBins;

    /** Whether an event was accepted since the stream began. */
    boolean started;

    /** The first evaluated bin (the first accepted event's). */
    long firstBin;

    /** The open bin: the last accepted event's; every earlier bin is decided. */
    long openBin;

    /** Ring form: D x M accumulators; null in tail form. */
    float[] ring;

    /** Potentials of the last 2r + 1 closed bins; null without suppression. */
    float[] history;

    /** Tail form: the events that still reach undecided bins. */
    int tailCount;

    int[] tailAddress;
    long[] tailBin;

    /**
     * A fresh stream's state in ring form.
     *
     * @param motifs M
     * @param delays D
     * @param historyBins 2r + 1 for suppression radius r, or 1 (r = 0: no history kept)
     */
    public MotifStreamState(final int motifs, final int delays, final int historyBins) {
        if (motifs < 1 || delays < 1 || historyBins < 1 || historyBins % 2 == 0) {
            throw new IllegalArgumentException(
                    "need M, D >= 1 and an odd history, got "
                            + motifs
                            + ", "
                            + delays
                            + ", "
                            + historyBins);
        }
        this.motifs = motifs;
        this.delays = delays;
        this.historyBins = historyBins;
        this.ring = new float[delays * motifs];
        this.history = historyBins > 1 ? new float[historyBins * motifs] : null;
        this.tailAddress = new int[0];
        this.tailBin = new long[0];
    }

    /** A deep copy. */
    public MotifStreamState copy() {
        final MotifStreamState c = new MotifStreamState(motifs, delays, historyBins);
        c.started = started;
        c.firstBin = firstBin;
        c.openBin = openBin;
        c.ring = ring == null ? null : ring.clone();
        c.history = history == null ? null : history.clone();
        c.tailCount = tailCount;
        c.tailAddress = Arrays.copyOf(tailAddress, tailCount);
        c.tailBin = Arrays.copyOf(tailBin, tailCount);
        return c;
    }

    /** M. */
    public int motifs() {
        return motifs;
    }

    /** D. */
    public int delays() {
        return delays;
    }

    /** 2r + 1, or 1 without suppression. */
    public int historyBins() {
        return historyBins;
    }

    /** Whether the state is in tail form (written by the OpenCL path). */
    public boolean isTail() {
        return ring == null;
    }

    /** Whether an event was accepted since the stream began. */
    public boolean started() {
        return started;
    }

    /** The first evaluated bin of the stream (meaningful once started). */
    public long firstBin() {
        return firstBin;
    }

    /** The open bin (meaningful once started). */
    public long openBin() {
        return openBin;
    }

    /** Events held in tail form. */
    public int tailCount() {
        return tailCount;
    }

    /** Copies the tail's events into the arrays given (sized {@link #tailCount()} at least). */
    public void tail(final int[] addresses, final long[] bins) {
        tail(addresses, bins, 0);
    }

    /** Copies the tail's events into the arrays given, from index {@code at} on. */
    public void tail(final int[] addresses, final long[] bins, final int at) {
        System.arraycopy(tailAddress, 0, addresses, at, tailCount);
        System.arraycopy(tailBin, 0, bins, at, tailCount);
    }

    /**
     * Sets the tail form: these events, the open bin and whether the stream started; the ring and
     * the history are dropped (a tail holds what rebuilds them).
     */
    public void setTail(
            final boolean started,
            final long openBin,
            final int[] addresses,
            final long[] bins,
            final int count) {
        setTail(started, openBin, addresses, bins, 0, count);
    }

    /** As the method above, the events taken from index {@code from} of the arrays. */
    public void setTail(
            final boolean started,
            final long openBin,
            final int[] addresses,
            final long[] bins,
            final int from,
            final int count) {
        setTail(
                started,
                started ? Math.min(firstBin, openBin) : openBin,
                openBin,
                addresses,
                bins,
                from,
                count);
    }

    /**
     * As the method above, with the stream's first evaluated bin given (suppression never looks
     * before it).
     */
    public void setTail(
            final boolean started,
            final long firstBin,
            final long openBin,
            final int[] addresses,
            final long[] bins,
            final int from,
            final int count) {
        this.started = started;
        this.openBin = openBin;
        this.firstBin = started ? firstBin : openBin;
        this.ring = null;
        this.history = null;
        if (tailAddress.length < count) {
            tailAddress = new int[Math.max(count, 2 * tailAddress.length)];
            tailBin = new long[tailAddress.length];
        }
        System.arraycopy(addresses, from, tailAddress, 0, count);
        System.arraycopy(bins, from, tailBin, 0, count);
        this.tailCount = count;
    }

    /**
     * Writes the state: M, D and 2r + 1, whether started, the first and open bins, the form byte (0
     * ring, 1 tail), then the ring (D M float32) and the history ((2r + 1) M float32, when r &gt;
     * 0), or the tail's count, addresses and bins.
     */
    public void writeState(final DataOutput out) throws IOException {
        out.writeInt(motifs);
        out.writeInt(delays);
        out.writeInt(historyBins);
        out.writeBoolean(started);
        out.writeLong(firstBin);
        out.writeLong(openBin);
        out.writeByte(isTail() ? 1 : 0);
        if (isTail()) {
            out.writeInt(tailCount);
            StateIo.writeInts(out, tailAddress, 0, tailCount);
            StateIo.writeLongs(out, tailBin, 0, tailCount);
        } else {
            StateIo.writeFloats(out, ring, 0, ring.length);
            if (history != null) {
                StateIo.writeFloats(out, history, 0, history.length);
            }
        }
    }

    /**
     * Reads a state {@link #writeState} wrote.
     *
     * @throws StateFormatException when a size or the form byte is out of range
     */
    public static MotifStreamState readState(final DataInput in) throws IOException {
        final int motifs = StateIo.readSize(in, 1 << 20, "motifs");
        final int delays = StateIo.readSize(in, 1 << 20, "delays");
        final int historyBins = StateIo.readSize(in, 1 << 26, "history bins");
        if (motifs < 1
                || delays < 1
                || historyBins % 2 == 0
                || (long) motifs * Math.max(delays, historyBins) > 1 << 26) {
            throw new StateFormatException(
                    "motif state of "
                            + motifs
                            + " motifs, "
                            + delays
                            + " delays, history "
                            + historyBins);
        }
        final MotifStreamState s = new MotifStreamState(motifs, delays, historyBins);
        s.started = in.readBoolean();
        s.firstBin = in.readLong();
        s.openBin = in.readLong();
        final byte form = in.readByte();
        if (form == 1) {
            final int n = StateIo.readSize(in, Integer.MAX_VALUE - 8, "tail events");
            s.ring = null;
            s.history = null;
            s.tailAddress = new int[n];
            s.tailBin = new long[n];
            s.tailCount = n;
            StateIo.readInts(in, s.tailAddress, 0, n);
            StateIo.readLongs(in, s.tailBin, 0, n);
        } else if (form == 0) {
            StateIo.readFloats(in, s.ring, 0, s.ring.length);
            if (s.history != null) {
                StateIo.readFloats(in, s.history, 0, s.history.length);
            }
        } else {
            throw new StateFormatException("motif state form " + form);
        }
        return s;
    }
}
