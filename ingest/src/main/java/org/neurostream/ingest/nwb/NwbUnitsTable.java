package org.neurostream.ingest.nwb;

import java.util.List;

/**
 * A {@code Units} table: sorted units with their spike times ({@code spike_times} indexed by {@code
 * spike_times_index}) and, where the file says, the electrodes each unit was recorded on.
 *
 * @param path the table's absolute HDF5 path, usually {@code /units}
 * @param unitIds the units' ids, in table order
 * @param spikeCounts spikes per unit, in table order
 * @param electrodeIds per unit the ids of its electrodes (rows of the electrodes table), empty
 *     lists when the table has no {@code electrodes} column
 */
public record NwbUnitsTable(
        String path, long[] unitIds, long[] spikeCounts, List<long[]> electrodeIds)
        implements NwbObject {
    @Override
    public String type() {
        return "Units";
    }

    /** Number of units. */
    public int units() {
        return unitIds.length;
    }

    /** Number of spikes of all units together. */
    public long spikes() {
        long sum = 0;
        for (final long c : spikeCounts) {
            sum += c;
        }
        return sum;
    }
}
