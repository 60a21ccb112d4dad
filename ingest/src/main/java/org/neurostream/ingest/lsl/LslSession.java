package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.neurostream.core.frame.Modality;
import org.neurostream.ingest.bridge.FrameSink;
import org.neurostream.ingest.bridge.MarkerSink;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * LSL streams as a session, what {@code lsl record} and {@code live} share: resolves the streams
 * the predicates name, pairs marker streams with data streams ({@code --markers}, or by name:
 * {@code <name>-markers} pairs with {@code <name>}), then ({@link #start}) opens an inlet on each
 * and bridges data streams into frames ({@link LslStreamBridge}) and marker streams into markers
 * ({@link LslMarkerBridge}), each on its own thread, until told to stop or every stream is dropped.
 * The {@link #metadata()} describes the streams and keeps each one's LSL origin (the LSL time of
 * its device time 0) once its first sample came; the caller is told each time it changes.
 */
public final class LslSession implements AutoCloseable {
    /**
     * What to read.
     *
     * @param sessionId the session's name; null: {@code lsl-<date>-<time>}
     * @param samplesPerFrame samples per frame; 0: about 20 ms of each stream
     * @param framePerPull send what each pull brought at once, as a frame of its own (at most
     *     {@code samplesPerFrame}), rather than wait for full frames: the lowest latency, for live
     *     use
     */
    public record Options(
            List<StreamQuery> streams,
            List<StreamQuery> markers,
            String sessionId,
            long discoveryTimeoutNs,
            int samplesPerFrame,
            double bufferSeconds,
            boolean framePerPull) {}

    /** What the session read. */
    public record Summary(
            int streams,
            int markerStreams,
            long samples,
            long frames,
            long markers,
            long gaps,
            long lostSamples,
            long overflowed,
            int dropped) {
        /**
         * The line {@code lsl record} ends with: {@code record: streams=N marker_streams=N
         * samples=N frames=N markers=N gaps=N lost_samples=N overflowed=N dropped=N}.
         */
        public String recordLine() {
            return String.format(
                    "record: streams=%d marker_streams=%d samples=%d frames=%d markers=%d gaps=%d"
                            + " lost_samples=%d overflowed=%d dropped=%d",
                    streams,
                    markerStreams,
                    samples,
                    frames,
                    markers,
                    gaps,
                    lostSamples,
                    overflowed,
                    dropped);
        }
    }

    /** Where the frames of a data stream go. */
    @FunctionalInterface
    public interface FrameSinks {
        FrameSink forStream(String streamId, Modality modality);
    }

    private final LslConfig config;
    private final Options options;
    private final Consumer<String> problems;
    private final List<StreamInfo> data;
    private final List<StreamInfo> markers;
    private final SessionMetadata metadata = new SessionMetadata();
    private final List<LslInlet> inlets = new ArrayList<>();
    private final List<LslStreamBridge> streamBridges = new ArrayList<>();
    private final List<LslMarkerBridge> markerBridges = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    private LslSession(
            final LslConfig config,
            final Options options,
            final Consumer<String> problems,
            final List<StreamInfo> data,
            final List<StreamInfo> markers) {
        this.config = config;
        this.options = options;
        this.problems = problems;
        this.data = data;
        this.markers = markers;
        metadata.sessionId =
                options.sessionId() != null
                        ? options.sessionId()
                        : "lsl-"
                                + LocalDateTime.now()
                                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    /**
     * Resolves the streams (one discovery of {@link Options#discoveryTimeoutNs}); opens nothing.
     *
     * @throws LslException when a predicate matches no stream
     */
    public static LslSession resolve(
            final LslConfig config, final Options options, final Consumer<String> problems)
            throws IOException {
        final List<StreamInfo> all =
                new LslResolver(config, problems).resolveAll(options.discoveryTimeoutNs());
        final Map<String, StreamInfo> data = new LinkedHashMap<>();
        final Map<String, StreamInfo> markers = new LinkedHashMap<>();
        for (final StreamQuery q : options.streams()) {
            final List<StreamInfo> matched = all.stream().filter(q::matches).toList();
            if (matched.isEmpty()) {
                throw new LslException("no LSL stream matches " + q.text());
            }
            for (final StreamInfo s : matched) {
                (s.channelFormat() == ChannelFormat.STRING ? markers : data).put(s.uid(), s);
            }
        }
        for (final StreamQuery q : options.markers()) {
            final List<StreamInfo> matched =
                    all.stream()
                            .filter(q::matches)
                            .filter(s -> s.channelFormat() == ChannelFormat.STRING)
                            .toList();
            if (matched.isEmpty()) {
                throw new LslException("no LSL marker (string) stream matches " + q.text());
            }
            matched.forEach(s -> markers.put(s.uid(), s));
        }
        if (options.markers().isEmpty()) {
            for (final StreamInfo d : data.values()) {
                all.stream()
                        .filter(s -> s.channelFormat() == ChannelFormat.STRING)
                        .filter(s -> s.name().equals(d.name() + "-markers"))
                        .forEach(s -> markers.put(s.uid(), s));
            }
        }
        return new LslSession(
                config,
                options,
                problems,
                List.copyOf(data.values()),
                List.copyOf(markers.values()));
    }

    /** The session's name, the first part of every stream id. */
    public String sessionId() {
        return metadata.sessionId;
    }

    /** The data (numeric) streams found. */
    public List<StreamInfo> dataStreams() {
        return data;
    }

    /** The marker (string) streams found. */
    public List<StreamInfo> markerStreams() {
        return markers;
    }

    /**
     * The session's metadata: its streams once {@link #start} opened them, with their LSL origins
     * as they become known. Read and change it only while holding its lock.
     */
    public SessionMetadata metadata() {
        return metadata;
    }

    /** The data streams' bridges, once started. */
    public List<LslStreamBridge> streamBridges() {
        return streamBridges;
    }

    /** The marker streams' bridges, once started. */
    public List<LslMarkerBridge> markerBridges() {
        return markerBridges;
    }

    /**
     * Opens an inlet on every stream, fills the metadata, calls {@code metadataChanged} (and again,
     * holding the metadata's lock, whenever an origin becomes known) and starts one thread per
     * stream, which runs until {@code keepGoing} says stop, the stream is dropped, or another
     * stream's sink failed.
     *
     * @throws IOException when an inlet cannot be opened
     */
    public void start(
            final FrameSinks frames,
            final MarkerSink markerSink,
            final Runnable metadataChanged,
            final BooleanSupplier keepGoing)
            throws IOException {
        final String session = metadata.sessionId;
        final Map<String, LslStreamBridge> byName = new LinkedHashMap<>();
        final Map<String, String> dataNames = streamNames(data);
        final Map<String, String> markerNames = streamNames(markers);
        for (final StreamInfo s : data) {
            final LslInlet inlet =
                    LslInlet.open(s, config, options.bufferSeconds(), true, problems);
            inlets.add(inlet);
            final StreamInfo full = inlet.info();
            final String name = dataNames.get(s.uid());
            final Modality modality = modality(full.type());
            final SessionMetadata.Stream entry =
                    new SessionMetadata.Stream(
                            session + "/" + name,
                            modality.name(),
                            full.nominalSrate(),
                            full.channelLabels(),
                            full.channelUnits().stream()
                                    .filter(u -> !u.isEmpty())
                                    .findFirst()
                                    .orElse(""),
                            source(full));
            synchronized (metadata) {
                metadata.streams.add(entry);
                metadata.sourceFiles.add(source(full));
            }
            final int perFrame =
                    options.samplesPerFrame() > 0
                            ? options.samplesPerFrame()
                            : LslStreamBridge.defaultSamplesPerFrame(full.nominalSrate());
            final LslStreamBridge bridge =
                    new LslStreamBridge(
                            inlet,
                            session,
                            name,
                            modality,
                            perFrame,
                            frames.forStream(session + "/" + name, modality),
                            origin -> {
                                synchronized (metadata) {
                                    entry.lslOrigin = origin;
                                    metadataChanged.run();
                                }
                            });
            bridge.framePerPull(options.framePerPull());
            streamBridges.add(bridge);
            byName.put(full.name(), bridge);
        }
        for (final StreamInfo m : markers) {
            final LslInlet inlet =
                    LslInlet.open(m, config, options.bufferSeconds(), true, problems);
            inlets.add(inlet);
            final LslStreamBridge pair = pairOf(m.name(), byName);
            final String name = markerNames.get(m.uid());
            final SessionMetadata.MarkerStream entry =
                    new SessionMetadata.MarkerStream(
                            session + "/" + name,
                            pair == null ? null : pair.streamId(),
                            source(inlet.info()));
            synchronized (metadata) {
                metadata.markerStreams.add(entry);
            }
            final LslMarkerBridge bridge =
                    new LslMarkerBridge(
                            inlet,
                            session,
                            name,
                            markerSink,
                            pair == null ? null : pair::origin,
                            origin -> {
                                synchronized (metadata) {
                                    entry.lslOrigin = origin;
                                    metadataChanged.run();
                                }
                            });
            markerBridges.add(bridge);
        }
        synchronized (metadata) {
            metadataChanged.run();
        }
        final BooleanSupplier go = () -> !stop.get() && keepGoing.getAsBoolean();
        for (final LslStreamBridge b : streamBridges) {
            threads.add(worker("lsl-" + b.streamId(), () -> b.run(go)));
        }
        for (final LslMarkerBridge b : markerBridges) {
            threads.add(worker("lsl-" + b.streamId(), () -> b.run(go)));
        }
        threads.forEach(Thread::start);
    }

    /** The bridge threads, once started; the session is over when none is alive. */
    public List<Thread> threads() {
        return threads;
    }

    /**
     * Waits until every bridge thread has ended.
     *
     * @throws IOException the first failure of a sink (a journal or Kafka that refused)
     */
    public void await() throws IOException, InterruptedException {
        for (final Thread t : threads) {
            t.join();
        }
        final Exception e = failure.get();
        if (e instanceof IOException io) {
            throw io;
        }
        if (e != null) {
            throw new IOException(e);
        }
    }

    /** Asks every bridge thread to end (they send what they hold first). */
    public void stop() {
        stop.set(true);
    }

    /** What was read so far. */
    public Summary summary() {
        long samples = 0;
        long frameCount = 0;
        long gaps = 0;
        long lost = 0;
        for (final LslStreamBridge b : streamBridges) {
            samples += b.samples();
            frameCount += b.frames();
            gaps += b.gaps();
            lost += b.lostSamples();
        }
        long markerCount = 0;
        for (final LslMarkerBridge b : markerBridges) {
            markerCount += b.markers();
        }
        long overflowed = 0;
        int dropped = 0;
        for (final LslInlet i : inlets) {
            overflowed += i.overflowedSamples();
            dropped += i.state() == LslInlet.State.DROPPED ? 1 : 0;
        }
        return new Summary(
                data.size(),
                markers.size(),
                samples,
                frameCount,
                markerCount,
                gaps,
                lost,
                overflowed,
                dropped);
    }

    /** Stops the bridges and closes every inlet. */
    @Override
    public void close() {
        stop.set(true);
        inlets.forEach(LslInlet::close);
    }

    /**
     * A marker stream's pair: {@code <name>-markers} pairs with {@code <name>}; else the only one.
     */
    private static LslStreamBridge pairOf(
            final String markerName, final Map<String, LslStreamBridge> byName) {
        if (markerName.endsWith("-markers")) {
            final LslStreamBridge b =
                    byName.get(markerName.substring(0, markerName.length() - "-markers".length()));
            if (b != null) {
                return b;
            }
        }
        return byName.size() == 1 ? byName.values().iterator().next() : null;
    }

    /**
     * The stream part of the stream id of each of {@code streams} (data streams, or marker
     * streams), by uid: {@link #streamName} of its LSL name; where several share that name, each of
     * those also names its source id ({@code <name>-<source_id>}), and where that too is shared or
     * empty, its uid ({@code <name>-<uid>}). So two amplifiers that announce the same name become
     * two streams, each with its own frames, sequence numbers and clock, and a stream that restarts
     * with its source id keeps its id.
     */
    static Map<String, String> streamNames(final List<StreamInfo> streams) {
        final Map<String, Integer> names = new HashMap<>();
        final Map<String, Integer> sources = new HashMap<>();
        for (final StreamInfo s : streams) {
            names.merge(streamName(s.name()), 1, Integer::sum);
            sources.merge(streamName(s.name()) + '\n' + s.sourceId(), 1, Integer::sum);
        }
        final Map<String, String> out = new LinkedHashMap<>();
        for (final StreamInfo s : streams) {
            final String name = streamName(s.name());
            if (names.get(name) == 1) {
                out.put(s.uid(), name);
            } else if (!s.sourceId().isEmpty() && sources.get(name + '\n' + s.sourceId()) == 1) {
                out.put(s.uid(), streamName(s.name() + "-" + s.sourceId()));
            } else {
                out.put(s.uid(), streamName(s.name() + "-" + s.uid()));
            }
        }
        return out;
    }

    /** The stream part of a stream id made from an LSL name ('/' and spaces become '_'). */
    public static String streamName(final String lslName) {
        return lslName.replaceAll("[/\\s]", "_");
    }

    /** The frame modality of an LSL stream type: spikes for spike streams, EEG otherwise. */
    public static Modality modality(final String type) {
        final String t = type.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("spike") || t.contains("neuropixels")) {
            return Modality.SPIKES;
        }
        if (t.contains("calcium")) {
            return Modality.CALCIUM;
        }
        return Modality.EEG;
    }

    private static String source(final StreamInfo s) {
        return "lsl:"
                + s.name()
                + "@"
                + s.hostname()
                + " source_id="
                + s.sourceId()
                + " uid="
                + s.uid();
    }

    private interface Work {
        void run() throws Exception;
    }

    private Thread worker(final String name, final Work work) {
        final Thread t =
                new Thread(
                        () -> {
                            try {
                                work.run();
                            } catch (final Exception e) {
                                failure.compareAndSet(null, e);
                                stop.set(true);
                            }
                        },
                        name);
        t.setDaemon(true);
        return t;
    }
}
