package org.neurostream.ingest.journal;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What a journal holds besides its frames, kept as {@value JournalFormat#METADATA_FILE} in the
 * journal folder: the session, its streams and where they came from. The recorder writes it when
 * the journal is created and again, with {@link #frames} and {@link #endTimeNs}, when it closes; a
 * journal whose recorder died keeps those two null. Plain public fields, JSON in snake case.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public class SessionMetadata {
    /** Always {@value JournalFormat#FORMAT_NAME}; anything else is not a journal. */
    public String format = JournalFormat.FORMAT_NAME;

    /** The journal format version that wrote it. */
    public int version = JournalFormat.VERSION_WITHOUT_MARKERS;

    /** The recording session, e.g. "S001R01". */
    public String sessionId;

    /** Wall-clock time the recording started, ns since the Unix epoch. */
    public long startTimeNs;

    /** The same instant in ISO-8601, for people reading the file. */
    public String startTime;

    /** The files or sources the frames were read from. */
    public List<String> sourceFiles = new ArrayList<>();

    public List<Stream> streams = new ArrayList<>();

    /** Wall-clock time the recorder closed the journal; null while open or after a crash. */
    public Long endTimeNs;

    /** Frames appended, set when the recorder closes the journal; null before. */
    public Long frames;

    /**
     * Markers appended, set when the recorder closes a journal that holds any (format version 2);
     * absent otherwise.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public Long markers;

    /** The marker streams of the session (format version 2); absent when there are none. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public List<MarkerStream> markerStreams = new ArrayList<>();

    public SessionMetadata() {}

    /** One stream of the session. */
    public static class Stream {
        /** {@code <session>/<stream>}, as in the frames. */
        public String streamId;

        /** {@link org.neurostream.core.frame.Modality} name, e.g. "EEG". */
        public String modality;

        /** Samples per second per channel (0 for event streams). */
        public double sampleRate;

        public List<String> channelLabels = new ArrayList<>();

        /** Physical unit of the samples, e.g. "uV"; empty when unknown. */
        public String unit = "";

        /** The file the stream was read from, or the topic it arrived on. */
        public String source;

        /**
         * Who was recorded, as the file identifies them (EDF/BDF's patient field): a pseudonym
         * ({@code anon-...}) unless the recorder kept identifiers; absent when the file says
         * nothing.
         */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public String subject;

        /**
         * The file's recording identification (EDF/BDF's recording field), a pseudonym unless
         * identifiers were kept; absent when the file says nothing.
         */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public String recording;

        /**
         * For a stream read from Lab Streaming Layer: the LSL time (s, clock-corrected to this
         * machine's clock) of its first sample, device time 0; LSL time = origin + device time.
         * Absent for other streams.
         */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Double lslOrigin;

        /**
         * For a calcium stream whose recording names its ROIs (neurons, from an NWB file's ROI
         * table): one name per channel, which the job carries into its calcium events. Absent for
         * other streams.
         */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public List<String> roiLabels;

        public Stream() {}

        public Stream(
                final String streamId,
                final String modality,
                final double sampleRate,
                final List<String> channelLabels,
                final String unit,
                final String source) {
            this.streamId = streamId;
            this.modality = modality;
            this.sampleRate = sampleRate;
            this.channelLabels = new ArrayList<>(channelLabels);
            this.unit = unit;
            this.source = source;
        }
    }

    /** A stream of markers (event labels) of the session. */
    public static class MarkerStream {
        /** {@code <session>/<stream>}, as in the markers. */
        public String streamId;

        /**
         * The stream whose device time the markers' {@code time_ns} counts in; null when they count
         * from the marker stream's own first marker.
         */
        public String timeBase;

        /** Where the markers came from (an LSL stream, a file's annotations). */
        public String source;

        /** LSL time (s, clock-corrected) at {@code time_ns} 0, for markers read from LSL. */
        @JsonInclude(JsonInclude.Include.NON_NULL)
        public Double lslOrigin;

        public MarkerStream() {}

        public MarkerStream(final String streamId, final String timeBase, final String source) {
            this.streamId = streamId;
            this.timeBase = timeBase;
            this.source = source;
        }
    }

    /**
     * Writes this metadata to {@code file}, replacing it atomically (through {@code file.tmp}), so
     * that a reader never sees half of it: a journal's {@code journal.json}, or the session file
     * {@code live} keeps for its outlets.
     */
    public void writeTo(final Path file) throws IOException {
        final Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        mapper().writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a metadata file written by {@link #writeTo}. */
    public static SessionMetadata readFrom(final Path file) throws IOException {
        return mapper().readValue(file.toFile(), SessionMetadata.class);
    }

    /**
     * The mapper that reads and writes metadata files (snake case, indented, unknown fields kept
     * out).
     */
    public static ObjectMapper mapper() {
        return new ObjectMapper()
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }
}
