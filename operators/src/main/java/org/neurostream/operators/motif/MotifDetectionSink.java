package org.neurostream.operators.motif;

/**
 * Receives detections from a motif detector, one call per detection, in order of bin then motif.
 * Primitive arguments, so that detecting allocates nothing.
 */
@FunctionalInterface
public interface MotifDetectionSink {
    /**
     * One detection.
     *
     * @param motif the motif m, 0 &lt;= m &lt; M
     * @param bin the bin t, floor(t_us / bin width), in which the motif ends
     * @param potential V[m, t], a log-odds: P(motif m ends at t) = sigmoid(V)
     */
    void onDetection(int motif, long bin, double potential);
}
