package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurostream.deploy.bench.ClusterBenchmark;
import org.neurostream.deploy.cluster.ClusterSavepoints;
import org.neurostream.deploy.cluster.ClusterSpec;
import org.neurostream.deploy.cluster.StandaloneCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code neurostream cluster start|status|submit|savepoint|stop|bench}: a standalone Flink session
 * cluster of separate JVMs on this machine, started from this jar, and the job on it.
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
            ClusterSubmitCommand.class,
            ClusterSavepointCommand.class,
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
        return dir != null ? dir : NeuroStreamCli.home().resolve(".neurostream/cluster");
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
            description =
                    "Prints the JobManager address, the TaskManagers, slots and jobs, and the last"
                            + " savepoint taken (savepoint: SP job=ID taken=TIME).")
    static final class Status implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            final StandaloneCluster cluster = attach(parent.dir());
            final PrintWriter out = spec.commandLine().getOut();
            final List<String> lines = cluster.statusLines();
            if (lines.isEmpty()) {
                out.printf("cluster: not running (dir %s)%n", cluster.dir());
                return 1;
            }
            lines.forEach(out::println);
            ClusterSavepoints.statusLine(cluster).ifPresent(out::println);
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
            ClusterBenchmark.run(
                    NeuroStreamCli.home(),
                    parent.dir().resolveSibling("cluster-bench"),
                    streams,
                    spec.commandLine().getOut());
            return 0;
        }
    }
}
