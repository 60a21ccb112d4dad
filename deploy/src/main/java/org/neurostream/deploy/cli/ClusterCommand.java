package org.neurostream.deploy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.flink.core.execution.JobClient;
import org.neurostream.deploy.bench.ClusterBenchmark;
import org.neurostream.deploy.cluster.ClusterJob;
import org.neurostream.deploy.cluster.ClusterRest;
import org.neurostream.deploy.cluster.ClusterSpec;
import org.neurostream.deploy.cluster.StandaloneCluster;
import org.neurostream.deploy.job.JobConfig;
import org.neurostream.deploy.job.JobOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code neurostream cluster start|status|submit|stop|bench}: a standalone Flink session cluster of
 * separate JVMs on this machine, started from this jar, and the job on it.
 */
@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = {
            "A standalone Flink session cluster on this machine: a JobManager and N TaskManagers,"
                    + " each a background JVM (Flink's own entry classes, this jar as class path),"
                    + " with config, pid files and logs in --dir.",
        },
        subcommands = {
            ClusterCommand.Start.class,
            ClusterCommand.Status.class,
            ClusterCommand.Submit.class,
            ClusterCommand.Stop.class,
            ClusterCommand.Bench.class
        })
final class ClusterCommand implements Runnable {
    @Spec CommandSpec spec;

    @Option(
            names = "--dir",
            paramLabel = "DIR",
            description =
                    "Cluster folder: config, pid files, logs, checkpoints"
                            + " (default: $NEUROSTREAM_HOME/.neurostream/cluster).")
    Path dir;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Path dir() {
        return dir != null ? dir : home().resolve(".neurostream/cluster");
    }

    static Path home() {
        return Path.of(System.getenv().getOrDefault("NEUROSTREAM_HOME", "."));
    }

    static StandaloneCluster attach(final Path dir) {
        try {
            return StandaloneCluster.attach(dir);
        } catch (IOException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    @Command(
            name = "start",
            mixinStandardHelpOptions = true,
            description =
                    "Starts the JobManager and the TaskManagers; returns once all TaskManagers"
                            + " are registered.")
    static final class Start implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Option(
                names = "--taskmanagers",
                defaultValue = "1",
                description = "TaskManager JVMs (default: ${DEFAULT-VALUE}).")
        int taskManagers;

        @Option(
                names = "--slots",
                defaultValue = "2",
                description = "Task slots per TaskManager (default: ${DEFAULT-VALUE}).")
        int slots;

        @Option(
                names = "--tm-memory",
                defaultValue = "768m",
                description = "Process size of each TaskManager (default: ${DEFAULT-VALUE}).")
        String tmMemory;

        @Option(
                names = "--classpath",
                paramLabel = "CP",
                description = "Class path of the cluster JVMs (default: this command's jar).")
        String classpath;

        @Override
        public Integer call() throws IOException {
            if (taskManagers < 1 || slots < 1) {
                throw new CliException(
                        CliException.BAD_INPUT, "--taskmanagers and --slots must be at least 1");
            }
            final ClusterSpec s =
                    ClusterSpec.defaults(
                                    parent.dir(),
                                    taskManagers,
                                    classpath != null
                                            ? classpath
                                            : StandaloneCluster.selfClasspath())
                            .withSlots(slots)
                            .withTaskManagerMemory(tmMemory);
            final long t0 = System.nanoTime();
            final StandaloneCluster cluster;
            try {
                cluster = StandaloneCluster.start(s);
            } catch (IOException e) {
                throw new CliException(1, e.getMessage());
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            Locale.ROOT,
                            "cluster: started rest=%s taskmanagers=%d slots=%d in %.1f s (dir %s)%n",
                            cluster.restAddress(),
                            taskManagers,
                            taskManagers * slots,
                            (System.nanoTime() - t0) / 1e9,
                            cluster.dir());
            return 0;
        }
    }

    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Prints the JobManager address, the TaskManagers, slots and jobs.")
    static final class Status implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            final StandaloneCluster cluster = attach(parent.dir());
            final PrintWriter out = spec.commandLine().getOut();
            final ClusterRest rest = cluster.rest();
            if (cluster.jobManagerPid().isEmpty() || !rest.reachable()) {
                out.printf("cluster: not running (dir %s)%n", cluster.dir());
                return 1;
            }
            final JsonNode o = rest.overview();
            out.printf(
                    Locale.ROOT,
                    "cluster: rest=%s jobmanager_pid=%d taskmanagers=%d slots=%d free_slots=%d"
                            + " jobs_running=%d flink=%s%n",
                    cluster.restAddress(),
                    cluster.jobManagerPid().get(),
                    o.path("taskmanagers").asInt(),
                    o.path("slots-total").asInt(),
                    o.path("slots-available").asInt(),
                    o.path("jobs-running").asInt(),
                    o.path("flink-version").asText());
            for (final ClusterRest.TaskManager tm : rest.taskManagers()) {
                out.printf(
                        "taskmanager: %s slots=%d free=%d%n", tm.id(), tm.slots(), tm.freeSlots());
            }
            for (final ClusterRest.Job j : rest.jobs()) {
                out.printf("job: %s %s %s%n", j.id(), j.state(), j.name());
            }
            return 0;
        }
    }

    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description =
                    "Submits the NeuroStream job (all raw topics of --bootstrap in; features,"
                            + " predictions and dead letters out) to the running cluster, detached.")
    static final class Submit implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Option(
                names = "--bootstrap",
                required = true,
                paramLabel = "HOST:PORT",
                description = "Kafka bootstrap servers the job reads and writes.")
        String bootstrap;

        @Option(
                names = "--partitions",
                description =
                        "Partitions of topics that do not exist yet (default: the parallelism).")
        Integer partitions;

        @Mixin
        JobOptionsMixin job =
                new JobOptionsMixin()
                        .withDefault(
                                JobOptions.DELIVERY,
                                ClusterJob.DELIVERY,
                                "jobs on a cluster archive their outputs")
                        .withDefaultNote(JobOptions.PARALLELISM, "every slot of the cluster")
                        .withDefaultNote(
                                JobOptions.MODEL, "replay-data/models/rest-vs-imagery.json");

        @Override
        public Integer call() throws Exception {
            final StandaloneCluster cluster = attach(parent.dir());
            if (cluster.jobManagerPid().isEmpty()) {
                throw new CliException(1, "the cluster in " + cluster.dir() + " is not running");
            }
            final JobConfig.Builder builder = job.toBuilder();
            if (!job.given(JobOptions.PARALLELISM)) {
                builder.parallelism(cluster.rest().overview().path("slots-total").asInt());
            }
            if (!job.given(JobOptions.MODEL)) {
                builder.modelFile(home().resolve("replay-data/models/rest-vs-imagery.json"));
            }
            final JobConfig options = builder.build();
            final int p = options.parallelism();
            ClusterJob.ensureTopics(bootstrap, partitions != null ? partitions : p);
            final JobClient client =
                    ClusterJob.submit(
                            StandaloneCluster.HOST, cluster.restPort(), bootstrap, options);
            spec.commandLine()
                    .getOut()
                    .printf(
                            "cluster: submitted job=%s parallelism=%d delivery=%s%n",
                            client.getJobID(), p, options.delivery());
            return 0;
        }
    }

    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stops every cluster JVM (its jobs with it); logs stay in DIR/log.")
    static final class Stop implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            final StandaloneCluster cluster = attach(parent.dir());
            cluster.stop();
            spec.commandLine().getOut().printf("cluster: stopped (dir %s)%n", cluster.dir());
            return 0;
        }
    }

    @Command(
            name = "bench",
            mixinStandardHelpOptions = true,
            description = {
                "Runs the same EEG input through a fresh cluster of 1 and then 2 TaskManagers (one"
                        + " slot each, embedded Kafka broker) and prints, per size, as"
                        + " bench: NAME=VALUE UNIT:",
                "  cluster.tmN.frames_per_s      backlog of frames, job RUNNING to last prediction",
                "  cluster.tmN.frames_per_s_per_slot",
                "  cluster.tmN.latency_p99_ms    paced run: ingest stamp to prediction consumed",
                "  cluster.tmN.share.TM          keys and records of the band-power subtasks per"
                        + " TaskManager"
            })
    static final class Bench implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Option(
                names = "--streams",
                defaultValue = "16",
                description = "EEG streams, each a copy of S001R01 (default: ${DEFAULT-VALUE}).")
        int streams;

        @Override
        public Integer call() throws Exception {
            final Path recording = home().resolve("replay-data/eeg/S001R01.edf");
            final Path model = home().resolve("replay-data/models/rest-vs-imagery.json");
            final Path work = parent.dir().resolveSibling("cluster-bench");
            final PrintWriter out = spec.commandLine().getOut();
            final List<ClusterBenchmark.Result> results =
                    ClusterBenchmark.run(
                            work,
                            StandaloneCluster.selfClasspath(),
                            recording,
                            Files.readString(model, StandardCharsets.UTF_8),
                            streams,
                            new int[] {1, 2});
            for (final ClusterBenchmark.Result r : results) {
                ClusterBenchmark.print(r, out);
            }
            return 0;
        }
    }
}
