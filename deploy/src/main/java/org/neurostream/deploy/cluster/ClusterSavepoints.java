package org.neurostream.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobConfigException;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.job.Savepoints;

/**
 * Savepoints of the NeuroStream job on a {@link StandaloneCluster}, through Flink's REST API: a
 * savepoint of the running job, or a stop with one ({@code cluster savepoint [--stop]}), written by
 * the JobManager and then kept as a folder with its descriptor ({@link Savepoints#keep}); the
 * cluster folder remembers the last one ({@value #LAST}) for {@code cluster status}.
 */
public final class ClusterSavepoints {
    /** The file in the cluster folder that names the last savepoint taken. */
    public static final String LAST = "last-savepoint";

    /** How long a savepoint may take before the command gives up waiting. */
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private ClusterSavepoints() {}

    /**
     * A savepoint taken.
     *
     * @param folder where it is
     * @param jobId the job it is of
     * @param stopped whether the job was stopped with it
     * @param seconds how long it took
     */
    public record Taken(Path folder, String jobId, boolean stopped, double seconds) {}

    /**
     * Takes a savepoint of the NeuroStream job running on {@code cluster} ({@code jobId}, or the
     * one there is), into {@code target} (a new folder; null: {@code DIR/savepoints/<time>}), and
     * stops the job with it when {@code stop}.
     *
     * @throws JobConfigException when no such job runs, several do and none is named, or the target
     *     exists
     * @throws IOException when the cluster does not answer, or the savepoint fails
     */
    public static Taken take(
            final StandaloneCluster cluster,
            final String jobId,
            final Path target,
            final boolean stop)
            throws IOException, InterruptedException {
        final ClusterRest rest = cluster.rest();
        final String job = runningJob(rest, jobId);
        final Path folder =
                target != null
                        ? target
                        : cluster.dir()
                                .resolve("savepoints")
                                .resolve(
                                        job.substring(0, 8)
                                                + "-"
                                                + LocalDateTime.now().format(STAMP));
        Savepoints.checkTarget(folder);
        final long t0 = System.nanoTime();
        final Path scratch = Savepoints.scratchBeside(folder);
        try {
            final ObjectNode body = JsonNodeFactory.instance.objectNode();
            final JsonNode trigger;
            if (stop) {
                body.put("targetDirectory", scratch.toUri().toString());
                body.put("drain", false);
                body.put("formatType", "CANONICAL");
                trigger = rest.post("/jobs/" + job + "/stop", body);
            } else {
                body.put("target-directory", scratch.toUri().toString());
                body.put("cancel-job", false);
                body.put("formatType", "CANONICAL");
                trigger = rest.post("/jobs/" + job + "/savepoints", body);
            }
            final String written = await(rest, job, trigger.path("request-id").asText());
            final Savepoints.Descriptor d = descriptor(rest, job);
            Savepoints.keep(written, folder, d);
        } finally {
            Savepoints.removeScratch(scratch);
        }
        Files.writeString(
                cluster.dir().resolve(LAST),
                folder.toAbsolutePath() + "\n",
                StandardCharsets.UTF_8);
        return new Taken(folder, job, stop, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The line of {@code cluster status} that names the last savepoint: {@code savepoint: FOLDER
     * job=ID taken=TIME}, if one was taken and is still there.
     */
    public static Optional<String> statusLine(final StandaloneCluster cluster) throws IOException {
        final Optional<Path> last = last(cluster);
        if (last.isEmpty()) {
            return Optional.empty();
        }
        final Savepoints.Descriptor d = Savepoints.read(last.get());
        return Optional.of("savepoint: " + last.get() + " job=" + d.jobId + " taken=" + d.takenAt);
    }

    /** The last savepoint taken of a job on {@code cluster}, if it is still there. */
    public static Optional<Path> last(final StandaloneCluster cluster) throws IOException {
        final Path file = cluster.dir().resolve(LAST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        final Path folder = Path.of(Files.readString(file, StandardCharsets.UTF_8).trim());
        return Files.isRegularFile(folder.resolve(Savepoints.DESCRIPTOR))
                ? Optional.of(folder)
                : Optional.empty();
    }

    /** The id of the running NeuroStream job, {@code wanted} or the only one. */
    private static String runningJob(final ClusterRest rest, final String wanted)
            throws IOException {
        final List<ClusterRest.Job> running =
                rest.jobs().stream()
                        .filter(j -> "RUNNING".equals(j.state()))
                        .filter(j -> wanted == null || j.id().equals(wanted))
                        .toList();
        if (running.isEmpty()) {
            throw new JobConfigException(
                    wanted == null
                            ? "no job runs on the cluster"
                            : "no job " + wanted + " runs on the cluster");
        }
        if (running.size() > 1) {
            throw new JobConfigException(
                    running.size()
                            + " jobs run on the cluster ("
                            + String.join(", ", running.stream().map(ClusterRest.Job::id).toList())
                            + "): name one with --job");
        }
        return running.get(0).id();
    }

    /** Waits for the savepoint operation and returns where Flink wrote it. */
    private static String await(final ClusterRest rest, final String job, final String request)
            throws IOException, InterruptedException {
        final long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            final JsonNode answer = rest.get("/jobs/" + job + "/savepoints/" + request);
            if ("COMPLETED".equals(answer.path("status").path("id").asText())) {
                final JsonNode operation = answer.path("operation");
                if (operation.has("location")) {
                    return operation.path("location").asText();
                }
                throw new IOException(
                        "the savepoint of job "
                                + job
                                + " failed: "
                                + operation
                                        .path("failure-cause")
                                        .path("stack-trace")
                                        .asText("no reason given")
                                        .lines()
                                        .findFirst()
                                        .orElse("no reason given"));
            }
            Thread.sleep(200);
        }
        throw new IOException("the savepoint of job " + job + " did not complete in " + TIMEOUT);
    }

    /** The descriptor of a savepoint of {@code job}, from the job's global parameters. */
    private static Savepoints.Descriptor descriptor(final ClusterRest rest, final String job)
            throws IOException {
        final JsonNode user = rest.get("/jobs/" + job + "/config").path("execution-config");
        final JsonNode parameters = user.path("user-config");
        final JobConfig.Builder b = JobConfig.builder();
        final JsonNode group = parameters.path(JobOptions.CHANNEL_GROUP.key());
        if (group.isTextual() || group.isNumber()) {
            b.channelGroups(group.asText());
        }
        final JsonNode parallelism = parameters.path(JobOptions.PARALLELISM.key());
        if (parallelism.isTextual() || parallelism.isNumber()) {
            b.parallelism(Integer.parseInt(parallelism.asText()));
        }
        final Savepoints.Descriptor d =
                Savepoints.Descriptor.of(Savepoints.Kind.CLUSTER, b.build());
        d.jobId = job;
        return d;
    }
}
