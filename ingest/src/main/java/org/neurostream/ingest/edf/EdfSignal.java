package org.neurostream.ingest.edf;

/**
 * The header of one channel of an EDF / BDF file, as written, text fields stripped of padding.
 *
 * @param label the label, e.g. {@code "Fc5."}
 * @param transducer the transducer type
 * @param physicalDimension the physical unit, e.g. {@code "uV"}
 * @param physicalMin the physical value of {@code digitalMin}
 * @param physicalMax the physical value of {@code digitalMax}
 * @param digitalMin the smallest digital value
 * @param digitalMax the largest digital value
 * @param prefilter the prefiltering text
 * @param samplesPerRecord samples of this channel in each data record
 * @param reserved the per-signal reserved field
 * @param annotationChannel true for an {@code "EDF Annotations"} / {@code "BDF Annotations"}
 *     channel, which holds annotation lists, not samples
 */
public record EdfSignal(
        String label,
        String transducer,
        String physicalDimension,
        double physicalMin,
        double physicalMax,
        int digitalMin,
        int digitalMax,
        String prefilter,
        int samplesPerRecord,
        String reserved,
        boolean annotationChannel) {

    /**
     * Converts a digital value to its physical value: {@code (digital - digitalMin) * (physicalMax
     * - physicalMin) / (digitalMax - digitalMin) + physicalMin}, in double.
     */
    public double toPhysical(int digital) {
        return (digital - (double) digitalMin)
                        * (physicalMax - physicalMin)
                        / ((double) digitalMax - digitalMin)
                + physicalMin;
    }
}
