package org.neurostream.deploy.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.OperatorStreamStateHandle;
import org.apache.flink.runtime.state.StateObject;
import org.apache.flink.runtime.state.filesystem.FileStateHandle;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraphHasherV2;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.neurostream.core.io.Folders;
import org.neurostream.operators.flink.AvalancheStateSerializer;
import org.neurostream.operators.flink.CalciumStateSerializer;
import org.neurostream.operators.flink.GroupRecordsSerializer;
import org.neurostream.operators.flink.MotifStateSerializer;
import org.neurostream.operators.flink.SpectralStateSerializer;

/**
 * The job's savepoints as folders a user names: Flink's savepoint (its {@code _metadata} and state
 * files) with a descriptor beside it, {@value #DESCRIPTOR}, that says what job took it (a journal
 * replay and its position, or the job on the cluster), with which keyed layout ({@code
 * --channel-group}) and with which state layouts. {@link #keep} moves a savepoint Flink wrote into
 * the folder and writes the descriptor last, so a folder with a descriptor is a whole savepoint;
 * {@link #check} says before anything starts whether a folder can resume the job about to run, in
 * one line naming the folder and the reason ({@link JobConfigException}, exit 2).
 */
public final class Savepoints {
    /** The descriptor's file name inside a savepoint folder. */
    public static final String DESCRIPTOR = "neurostream-savepoint.json";

    /** Flink's metadata file inside a savepoint folder. */
    public static final String METADATA = "_metadata";

    /** The descriptor's {@code format}. */
    public static final String FORMAT = "neurostream-savepoint";

    /** The descriptor layout this build writes and the newest it reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON =
            new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Savepoints() {}

    /** What took a savepoint: it resumes only the same kind of job. */
    public enum Kind {
        /** {@code replay --journal}: the journal source's position in its journal. */
        REPLAY("a journal replay"),
        /** The job on Kafka ({@code cluster submit}): the Kafka source's offsets. */
        CLUSTER("the job on the cluster");

        private final String text;

        Kind(final String text) {
            this.text = text;
        }
    }

    /**
     * The descriptor: what a savepoint is of. Public fields, JSON in snake case; fields of the
     * other kind of job are null.
     */
    public static final class Descriptor {
        /** Always {@value #FORMAT}. */
        public String format = FORMAT;

        /** The descriptor layout ({@value #VERSION}). */
        public int version = VERSION;

        /** {@link Kind} name. */
        public String kind;

        /** When the savepoint was taken (ISO-8601). */
        public String takenAt;

        /** Flink's version. */
        public String flinkVersion;

        /** The Flink job id. */
        public String jobId;

        /**
         * {@code neurostream.channel-group} of the job ({@link JobConfig#AUTO_CHANNEL_GROUPS} for
         * auto): band power's keys depend on it.
         */
        public int channelGroup;

        /** Parallelism of the job (a resumed job may use another). */
        public int parallelism;

        /** The layout version of each kernel state it holds, by state name. */
        public Map<String, Integer> stateLayouts = new LinkedHashMap<>();

        /** Replay: the journal folder. */
        public String journal;

        /** Replay: the journal's session. */
        public String sessionId;

        /**
         * Replay: the journal's recording start (ns since the epoch), which tells journals apart.
         */
        public Long journalStartNs;

        /** Replay: the journal frames the savepoint covers. */
        public Long frames;

        /** Replay: the device time the replay was stopped after. */
        public Long stopAfterNs;

        /** A descriptor of {@code kind} for a job with {@code config}, this build's layouts. */
        public static Descriptor of(final Kind kind, final JobConfig config) {
            final Descriptor d = new Descriptor();
            d.kind = kind.name();
            d.channelGroup = config.channelGroupSize();
            d.parallelism = config.parallelism();
            d.flinkVersion = EnvironmentInformation.getVersion();
            d.stateLayouts = layouts();
            return d;
        }
    }

    /** The layout version this build writes of each kernel state, by state name. */
    public static Map<String, Integer> layouts() {
        final Map<String, Integer> layouts = new LinkedHashMap<>();
        layouts.put("band_power", SpectralStateSerializer.VERSION);
        layouts.put("avalanches", AvalancheStateSerializer.VERSION);
        layouts.put("calcium", CalciumStateSerializer.VERSION);
        layouts.put("motifs", MotifStateSerializer.VERSION);
        layouts.put("channel_group_merge", GroupRecordsSerializer.VERSION);
        return layouts;
    }

    /**
     * The uids of the operators {@code job} has: the operators a savepoint's state is matched to.
     */
    public static Set<String> operatorUids(final NeuroStreamJob job) {
        final StreamExecutionEnvironment env = new StreamExecutionEnvironment();
        job.build(env);
        final Set<String> uids = new HashSet<>();
        for (final StreamNode node : env.getStreamGraph().getStreamNodes()) {
            if (node.getTransformationUID() != null) {
                uids.add(node.getTransformationUID());
            }
        }
        return uids;
    }

    /**
     * Makes sure a savepoint can be written to {@code target}: a folder that does not exist yet (an
     * empty one is taken too), in an existing or creatable parent.
     *
     * @throws JobConfigException when it exists with something in it
     */
    public static void checkTarget(final Path target) throws IOException {
        if (Files.exists(target)) {
            final boolean empty;
            if (Files.isDirectory(target)) {
                try (Stream<Path> in = Files.list(target)) {
                    empty = in.findAny().isEmpty();
                }
            } else {
                empty = false;
            }
            if (!empty) {
                throw new JobConfigException(
                        "savepoint "
                                + target
                                + ": already exists; name a new folder for the savepoint");
            }
        }
    }

    /**
     * Checks that {@code folder} is a whole savepoint that can resume the job described by {@code
     * job}, with operators {@code uids}: the folder and its descriptor are there, written by a
     * layout this build reads, by the same kind of job (a replay of the same journal, or the job on
     * the cluster) with the same channel groups, Flink's metadata reads and every state file it
     * names is there and whole, and every operator with state in it is one the job has, unless
     * {@code allowNonRestored} (then that state is dropped).
     *
     * @return the savepoint's descriptor
     * @throws JobConfigException naming the folder and the reason when it cannot
     */
    public static Descriptor check(
            final Path folder,
            final Descriptor job,
            final Set<String> uids,
            final boolean allowNonRestored) {
        final String name = "savepoint " + folder;
        if (!Files.exists(folder)) {
            throw new JobConfigException(name + ": no such folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new JobConfigException(name + ": not a folder");
        }
        final Path metadataFile = folder.resolve(METADATA);
        if (!Files.isRegularFile(metadataFile)) {
            throw new JobConfigException(
                    name + ": no " + METADATA + " file: not a savepoint, or a partial one");
        }
        final Descriptor saved = descriptor(folder, name);
        if (!FORMAT.equals(saved.format)) {
            throw new JobConfigException(
                    name + ": " + DESCRIPTOR + " is not a NeuroStream savepoint's descriptor");
        }
        if (saved.version > VERSION) {
            throw new JobConfigException(
                    name
                            + ": written by a newer NeuroStream (savepoint format "
                            + saved.version
                            + ", this build reads 1 to "
                            + VERSION
                            + ")");
        }
        final Map<String, Integer> ours = layouts();
        for (final Map.Entry<String, Integer> e : saved.stateLayouts.entrySet()) {
            final Integer current = ours.get(e.getKey());
            if (current != null && e.getValue() > current) {
                throw new JobConfigException(
                        name
                                + ": its "
                                + e.getKey().replace('_', ' ')
                                + " state is in layout "
                                + e.getValue()
                                + ", this build reads layouts 1 to "
                                + current
                                + ": written by a newer NeuroStream");
            }
        }
        sameJob(name, saved, job);
        final CheckpointMetadata metadata = metadata(folder, name);
        checkFiles(folder, name, metadata);
        checkOperators(name, metadata, uids, allowNonRestored);
        return saved;
    }

    /**
     * The descriptor of the savepoint in {@code folder}.
     *
     * @throws JobConfigException when it is missing or unreadable
     */
    public static Descriptor read(final Path folder) {
        return descriptor(folder, "savepoint " + folder);
    }

    private static Descriptor descriptor(final Path folder, final String name) {
        final Path file = folder.resolve(DESCRIPTOR);
        if (!Files.isRegularFile(file)) {
            throw new JobConfigException(
                    name
                            + ": no "
                            + DESCRIPTOR
                            + ": not a NeuroStream savepoint, or one whose writing did not finish");
        }
        try {
            return JSON.readValue(file.toFile(), Descriptor.class);
        } catch (final IOException e) {
            throw new JobConfigException(
                    name
                            + ": "
                            + DESCRIPTOR
                            + " unreadable (a partial savepoint?): "
                            + firstLine(e.getMessage()));
        }
    }

    /** The savepoint is of the same kind of job, on the same journal, keyed the same way. */
    static void sameJob(final String name, final Descriptor saved, final Descriptor job) {
        if (!job.kind.equals(saved.kind)) {
            final String was =
                    saved.kind == null ? "an unknown job" : Kind.valueOf(saved.kind).text;
            throw new JobConfigException(
                    name + ": a savepoint of " + was + ", not of " + Kind.valueOf(job.kind).text);
        }
        if (Kind.REPLAY.name().equals(job.kind)
                && (!java.util.Objects.equals(saved.sessionId, job.sessionId)
                        || !java.util.Objects.equals(saved.journalStartNs, job.journalStartNs))) {
            throw new JobConfigException(
                    name
                            + ": taken on another journal (session "
                            + saved.sessionId
                            + " recorded at "
                            + saved.journalStartNs
                            + " ns, in "
                            + saved.journal
                            + "), not on "
                            + job.journal
                            + " (session "
                            + job.sessionId
                            + " recorded at "
                            + job.journalStartNs
                            + " ns)");
        }
        if (Kind.REPLAY.name().equals(job.kind)
                && saved.frames != null
                && job.frames != null
                && saved.frames > job.frames) {
            throw new JobConfigException(
                    name
                            + ": covers "
                            + saved.frames
                            + " frames, the journal "
                            + job.journal
                            + " holds "
                            + job.frames);
        }
        if (saved.channelGroup != job.channelGroup) {
            throw new JobConfigException(
                    name
                            + ": taken with --channel-group "
                            + JobConfig.channelGroupText(saved.channelGroup)
                            + ", resumed with "
                            + JobConfig.channelGroupText(job.channelGroup)
                            + ": band power's state is kept per channel group; resume with"
                            + " --channel-group "
                            + JobConfig.channelGroupText(saved.channelGroup));
        }
        if (saved.channelGroup == JobConfig.AUTO_CHANNEL_GROUPS
                && saved.parallelism != job.parallelism) {
            throw new JobConfigException(
                    name
                            + ": taken with --channel-group auto at parallelism "
                            + saved.parallelism
                            + ", resumed at "
                            + job.parallelism
                            + ": the automatic channel groups follow the parallelism; resume with"
                            + " --parallelism "
                            + saved.parallelism);
        }
    }

    private static CheckpointMetadata metadata(final Path folder, final String name) {
        try (InputStream in = Files.newInputStream(folder.resolve(METADATA));
                DataInputStream data = new DataInputStream(new BufferedInputStream(in))) {
            return Checkpoints.loadCheckpointMetadata(
                    data, Savepoints.class.getClassLoader(), folder.toUri().toString());
        } catch (final EOFException e) {
            throw new JobConfigException(
                    name + ": " + METADATA + " is truncated (a partial savepoint)");
        } catch (final IOException | RuntimeException e) {
            throw new JobConfigException(
                    name
                            + ": "
                            + METADATA
                            + " unreadable by Flink "
                            + EnvironmentInformation.getVersion()
                            + " (a partial savepoint, or one of an incompatible version): "
                            + firstLine(e.getMessage()));
        }
    }

    /** Every state file the metadata names exists and is as long as it says. */
    private static void checkFiles(
            final Path folder, final String name, final CheckpointMetadata metadata) {
        final List<FileStateHandle> files = new ArrayList<>();
        for (final OperatorState operator : metadata.getOperatorStates()) {
            for (final OperatorSubtaskState subtask : operator.getStates()) {
                subtask.getManagedKeyedState().forEach(h -> collect(h, files));
                subtask.getRawKeyedState().forEach(h -> collect(h, files));
                subtask.getManagedOperatorState().forEach(h -> collect(h, files));
                subtask.getRawOperatorState().forEach(h -> collect(h, files));
            }
        }
        for (final FileStateHandle f : files) {
            final Path file = Path.of(URI.create(f.getFilePath().toUri().toString()));
            final String shown = file.startsWith(folder) ? folder.relativize(file).toString() : "";
            if (!Files.isRegularFile(file)) {
                throw new JobConfigException(
                        name
                                + ": state file "
                                + (shown.isEmpty() ? file.toString() : shown)
                                + " is missing (a partial savepoint)");
            }
            final long size;
            try {
                size = Files.size(file);
            } catch (final IOException e) {
                throw new JobConfigException(name + ": state file " + file + ": " + e.getMessage());
            }
            if (size < f.getStateSize()) {
                throw new JobConfigException(
                        name
                                + ": state file "
                                + (shown.isEmpty() ? file.toString() : shown)
                                + " has "
                                + size
                                + " of its "
                                + f.getStateSize()
                                + " bytes (a partial savepoint)");
            }
        }
    }

    private static void collect(final StateObject handle, final List<FileStateHandle> files) {
        if (handle instanceof KeyGroupsStateHandle k) {
            collect(k.getDelegateStateHandle(), files);
        } else if (handle instanceof OperatorStreamStateHandle o) {
            collect(o.getDelegateStateHandle(), files);
        } else if (handle instanceof FileStateHandle f) {
            files.add(f);
        }
    }

    /**
     * Every operator with state in the savepoint is one of the job's (by its uid), or, with {@code
     * allowNonRestored}, its state is dropped; a savepoint none of whose operators the job has is
     * another job's.
     */
    private static void checkOperators(
            final String name,
            final CheckpointMetadata metadata,
            final Set<String> uids,
            final boolean allowNonRestored) {
        final Map<OperatorID, String> ours = new LinkedHashMap<>();
        for (final String uid : uids) {
            ours.put(new OperatorID(StreamGraphHasherV2.generateUserSpecifiedHash(uid)), uid);
        }
        final List<String> stateful = new ArrayList<>();
        final List<String> missing = new ArrayList<>();
        for (final OperatorState operator : metadata.getOperatorStates()) {
            if (!hasState(operator)) {
                continue;
            }
            final String shown =
                    operator.getOperatorUid()
                            .filter(u -> !u.isEmpty())
                            .orElse(operator.getOperatorID().toHexString());
            stateful.add(shown);
            if (!ours.containsKey(operator.getOperatorID())) {
                missing.add(shown);
            }
        }
        if (!stateful.isEmpty() && missing.size() == stateful.size()) {
            throw new JobConfigException(
                    name
                            + ": another job's: none of its operators with state ("
                            + String.join(", ", stateful)
                            + ") is one of this job's");
        }
        if (!missing.isEmpty() && !allowNonRestored) {
            missing.sort(null);
            throw new JobConfigException(
                    name
                            + ": holds state of operators this job does not have ("
                            + String.join(", ", missing)
                            + "); give --allow-non-restored-state to drop it");
        }
    }

    private static boolean hasState(final OperatorState operator) {
        if (operator.getCoordinatorState() != null) {
            return true;
        }
        for (final OperatorSubtaskState s : operator.getStates()) {
            if (s.hasState()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Moves the savepoint Flink wrote at {@code flinkPath} (a path or {@code file:} URI) to {@code
     * target} (a folder that does not exist yet, or is empty, on the same file system), then writes
     * {@code descriptor} into it, last.
     *
     * @return {@code target}
     */
    public static Path keep(final String flinkPath, final Path target, final Descriptor descriptor)
            throws IOException {
        final Path written =
                flinkPath.contains(":") ? Path.of(URI.create(flinkPath)) : Path.of(flinkPath);
        descriptor.takenAt = Instant.now().toString();
        if (Files.isDirectory(target)) {
            Files.delete(target); // empty: checkTarget said so
        }
        Files.createDirectories(target.toAbsolutePath().getParent());
        Files.move(written, target);
        final Path partial = target.resolve(DESCRIPTOR + ".partial");
        JSON.writeValue(partial.toFile(), descriptor);
        Files.move(partial, target.resolve(DESCRIPTOR));
        return target;
    }

    /**
     * A folder next to {@code target} for Flink to write the savepoint into before {@link #keep}.
     */
    public static Path scratchBeside(final Path target) throws IOException {
        final Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        return Files.createTempDirectory(parent, "." + target.getFileName() + ".writing-");
    }

    /** Removes what {@link #scratchBeside} made. */
    public static void removeScratch(final Path scratch) {
        try {
            Folders.deleteRecursively(scratch);
        } catch (final IOException e) {
            // a leftover hidden folder beside the savepoint: harmless
        }
    }

    private static String firstLine(final String message) {
        if (message == null) {
            return "no reason given";
        }
        final int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
