package org.neurostream.core.records;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;

/**
 * The JSON form of every output record: a record class's public instance fields, in declaration
 * order, named in snake_case ({@code streamId} becomes {@code stream_id}); numbers as Jackson
 * writes Java's doubles and longs; {@code null} for a missing value; byte arrays in base64. Static
 * fields (the kind names and JSON name constants of the record classes) and methods are not part of
 * it. Doubles are written as {@link Double#toString(double)} prints them, most of them without its
 * cost ({@link PlainDoubleText}).
 *
 * <p>The Kafka sinks write with {@link #newMapper()}, and every reader of the outputs (the
 * dashboard, the demo's monitor, the tests) takes the field names from the record classes'
 * constants rather than spelling them again.
 */
public final class RecordJson {
    /** The record's kind on {@code neuro.features} ("bandpower", "avalanche", ...). */
    public static final String KIND = "kind";

    /** The stream the record belongs to, {@code <session>/<stream>}. */
    public static final String STREAM_ID = "stream_id";

    /** Start of the record's event-time interval, device ns. */
    public static final String START_NS = "start_ns";

    /** The ingest stamp of the newest frame the record depends on, wall-clock ns. */
    public static final String INGEST_NS = "ingest_ns";

    private RecordJson() {}

    /**
     * A new mapper that writes (and reads) records in their JSON form. A mapper is thread-safe once
     * made; each writer keeps one.
     */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
                .registerModule(DoubleJson.module());
    }
}
