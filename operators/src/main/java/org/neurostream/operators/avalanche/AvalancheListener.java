package org.neurostream.operators.avalanche;

/**
 * Receives each avalanche when it closes (the first empty bin after it has been seen), as
 * primitives so that nothing is allocated per avalanche.
 */
@FunctionalInterface
public interface AvalancheListener {

    /**
     * One closed avalanche: a maximal run of non-empty bins bounded by empty bins.
     *
     * @param startBin index of its first bin, floor(t / width) counted from time zero
     * @param durationBins number of bins T &gt;= 1
     * @param events number of events S (the size)
     * @param amplitude sum of the events' amplitudes
     * @param firstBinEvents events in its first bin
     * @param secondBinEvents events in its second bin, 0 when T = 1
     */
    void onAvalanche(
            long startBin,
            int durationBins,
            long events,
            double amplitude,
            long firstBinEvents,
            long secondBinEvents);
}
