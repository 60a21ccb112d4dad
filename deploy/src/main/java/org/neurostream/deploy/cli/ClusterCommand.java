package org.neurostream.deploy.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.bench.ClusterBenchmark;
import org.neurostream.deploy.cluster.ClusterSavepoints;
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

    @Option(names = "--dir", paramLabel = "DIR")
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

    @Command(name = "start", mixinStandardHelpOptions = true)
    static final class Start implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Option(names = "--taskmanagers", defaultValue = "1")
        int taskManagers;

        @Option(names = "--slots", defaultValue = "2")
        int slots;

        @Option(names = "--tm-memory", defaultValue = "768m")
        String tmMemory;

        @Option(names = "--classpath", paramLabel = "CP")
        String classpath;

        @Override
        public Integer call() throws IOException {
            if (taskManagers < 1 || slots < 1) {
                throw new CliException(
                        CliException.BAD_INPUT, "--taskmanagers and --slots must be at least 1");
            }
            final String started;
            try {
                started =
                        StandaloneCluster.start(
                                parent.dir(), taskManagers, slots, tmMemory, classpath);
            } catch (IOException e) {
                throw new CliException(1, e.getMessage());
            }
            spec.commandLine().getOut().println(started);
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true)
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

    @Command(name = "stop", mixinStandardHelpOptions = true)
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

    @Command(name = "bench", mixinStandardHelpOptions = true)
    static final class Bench implements Callable<Integer> {
        @ParentCommand ClusterCommand parent;
        @Spec CommandSpec spec;

        @Option(names = "--streams", defaultValue = "16")
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
