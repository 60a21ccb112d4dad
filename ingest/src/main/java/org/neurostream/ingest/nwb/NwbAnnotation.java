package org.neurostream.ingest.nwb;

/**
 * One text annotation of an {@code AnnotationSeries}.
 *
 * @param timeSeconds its time, seconds from the session's reference time
 * @param text the annotation
 */
public record NwbAnnotation(double timeSeconds, String text) {}
