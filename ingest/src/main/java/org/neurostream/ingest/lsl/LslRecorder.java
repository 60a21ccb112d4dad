package org.neurostream.ingest.lsl;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.neurostream.core.frame.Modality;
import org.neurostream.ingest.journal.JournalFrameSink;
import org.neurostream.ingest.journal.JournalMarkerSink;
import org.neurostream.ingest.journal.JournalWriter;
import org.neurostream.ingest.journal.SessionMetadata;

/**
 * What {@code neurostream lsl record} does, like LabRecorder but into our journal: resolves the
 * streams the predicates name, pairs marker streams with data streams ({@code --markers}, or by
 * name: {@code <name>-markers} pairs with {@code <name>}), opens an inlet on each and bridges data
 * streams into frames ({@link LslStreamBridge}) and marker streams into markers ({@link
 * LslMarkerBridge}), all into one journal, each on its own thread. The session metadata keeps each
 * stream's LSL origin (the LSL time of its device time 0).
 */
public final class LslRecorder {
    /** What to record. */
    public record Options(
            List<StreamQuery> streams,
            List<StreamQuery> markers,
            Path journal,
            String sessionId,
            long durationNs,
            long discoveryTimeoutNs,
            int samplesPerFrame,
            double bufferSeconds) {}

    /** What was recorded. */
    public record Summary(
            int streams,
            int markerStreams,
            long samples,
            long frames,
            long markers,
            long gaps,
            long lostSamples,
            long overflowed,
            int dropped) {}

    private LslRecorder() {}

    /**
     * Records until the duration has passed (0: until {@code keepGoing} says stop).
     *
     * @throws LslException when a predicate matches no stream (nothing is recorded then)
     * @throws IOException when the journal cannot be created or written
     */
    public static Summary record(
            final LslConfig config,
            final Options options,
            final Consumer<String> problems,
            final BooleanSupplier keepGoing)
            throws IOException, InterruptedException {
        final LslResolver resolver = new LslResolver(config, problems);
        final List<StreamInfo> all = resolver.resolveAll(options.discoveryTimeoutNs());
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
        final String session =
                options.sessionId() != null
                        ? options.sessionId()
                        : "lsl-"
                                + LocalDateTime.now()
                                        .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        final SessionMetadata metadata = new SessionMetadata();
        metadata.sessionId = session;
        final List<LslInlet> inlets = new ArrayList<>();
        final List<LslStreamBridge> streamBridges = new ArrayList<>();
        final List<LslMarkerBridge> markerBridges = new ArrayList<>();
        try {
            final Map<String, LslStreamBridge> byName = new LinkedHashMap<>();
            final List<Runnable> pendingBridges = new ArrayList<>();
            final JournalWriter writer;
            try {
                writer = JournalWriter.create(options.journal(), metadata);
            } catch (final IOException e) {
                throw new LslException(e.getMessage(), e);
            }
            try (writer) {
                final JournalFrameSink frames = new JournalFrameSink(writer);
                for (final StreamInfo s : data.values()) {
                    final LslInlet inlet =
                            LslInlet.open(s, config, options.bufferSeconds(), true, problems);
                    inlets.add(inlet);
                    final StreamInfo full = inlet.info();
                    final String name = streamName(full.name());
                    final SessionMetadata.Stream entry =
                            new SessionMetadata.Stream(
                                    session + "/" + name,
                                    modality(full.type()).name(),
                                    full.nominalSrate(),
                                    full.channelLabels(),
                                    full.channelUnits().stream()
                                            .filter(u -> !u.isEmpty())
                                            .findFirst()
                                            .orElse(""),
                                    source(full));
                    metadata.streams.add(entry);
                    metadata.sourceFiles.add(source(full));
                    final int perFrame =
                            options.samplesPerFrame() > 0
                                    ? options.samplesPerFrame()
                                    : LslStreamBridge.defaultSamplesPerFrame(full.nominalSrate());
                    final LslStreamBridge bridge =
                            new LslStreamBridge(
                                    inlet,
                                    session,
                                    name,
                                    modality(full.type()),
                                    perFrame,
                                    frames,
                                    origin -> {
                                        synchronized (metadata) {
                                            entry.lslOrigin = origin;
                                            try {
                                                writer.updateMetadata();
                                            } catch (final IOException e) {
                                                problems.accept(
                                                        options.journal()
                                                                + ": cannot update the metadata: "
                                                                + e.getMessage());
                                            }
                                        }
                                    });
                    streamBridges.add(bridge);
                    byName.put(full.name(), bridge);
                }
                final JournalMarkerSink markerSink = new JournalMarkerSink(writer);
                for (final StreamInfo m : markers.values()) {
                    final LslInlet inlet =
                            LslInlet.open(m, config, options.bufferSeconds(), true, problems);
                    inlets.add(inlet);
                    final LslStreamBridge pair = pairOf(m.name(), byName);
                    final String name = streamName(m.name());
                    final SessionMetadata.MarkerStream entry =
                            new SessionMetadata.MarkerStream(
                                    session + "/" + name,
                                    pair == null ? null : pair.streamId(),
                                    source(inlet.info()));
                    metadata.markerStreams.add(entry);
                    final LslMarkerBridge bridge =
                            new LslMarkerBridge(
                                    inlet,
                                    session,
                                    name,
                                    markerSink,
                                    pair == null ? null : pair::origin);
                    markerBridges.add(bridge);
                    pendingBridges.add(
                            () -> {
                                synchronized (metadata) {
                                    entry.lslOrigin = bridge.origin();
                                }
                            });
                }
                writer.updateMetadata();
                final long end =
                        options.durationNs() > 0
                                ? System.nanoTime() + options.durationNs()
                                : Long.MAX_VALUE;
                final AtomicBoolean stop = new AtomicBoolean();
                final BooleanSupplier go =
                        () ->
                                !stop.get()
                                        && keepGoing.getAsBoolean()
                                        && (end == Long.MAX_VALUE || System.nanoTime() - end < 0);
                final AtomicReference<Exception> failure = new AtomicReference<>();
                final List<Thread> threads = new ArrayList<>();
                for (final LslStreamBridge b : streamBridges) {
                    threads.add(
                            worker("lsl-record-" + b.streamId(), () -> b.run(go), failure, stop));
                }
                for (final LslMarkerBridge b : markerBridges) {
                    threads.add(
                            worker("lsl-record-" + b.streamId(), () -> b.run(go), failure, stop));
                }
                threads.forEach(Thread::start);
                for (final Thread t : threads) {
                    t.join();
                }
                pendingBridges.forEach(Runnable::run);
                synchronized (metadata) {
                    writer.updateMetadata();
                }
                if (failure.get() instanceof IOException e) {
                    throw e;
                }
                if (failure.get() != null) {
                    throw new IOException(failure.get());
                }
            }
        } finally {
            inlets.forEach(LslInlet::close);
        }
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
                streamBridges.size(),
                markerBridges.size(),
                samples,
                frameCount,
                markerCount,
                gaps,
                lost,
                overflowed,
                dropped);
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

    /** The stream part of a stream id made from an LSL name ('/' and spaces become '_'). */
    public static String streamName(final String lslName) {
        return lslName.replaceAll("[/\\s]", "_");
    }

    /** The frame modality of an LSL stream type: spikes for spike streams, EEG otherwise. */
    public static Modality modality(final String type) {
        final String t = type.toLowerCase(Locale.ROOT);
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

    private static Thread worker(
            final String name,
            final Work work,
            final AtomicReference<Exception> failure,
            final AtomicBoolean stop) {
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
