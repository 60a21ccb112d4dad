package org.neurostream.ingest.edf;

/**
 * One EDF+ / BDF+ annotation taken from a time-stamped annotation list (TAL).
 *
 * @param onsetSeconds seconds from the first sample of the file (the TAL onset minus the sub-second
 *     start offset of the first data record, as MNE counts it)
 * @param durationSeconds duration in seconds, 0 when the TAL gives none
 * @param text the annotation text, decoded as UTF-8
 */
public record EdfAnnotation(double onsetSeconds, double durationSeconds, String text) {}
