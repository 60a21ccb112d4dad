package org.neurostream.deploy.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurostream.deploy.cluster.ClusterSavepoints;
import org.neurostream.deploy.cluster.StandaloneCluster;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code neurostream cluster savepoint}: a savepoint of the job on the cluster, or a stop. */
@Command(
        name = "savepoint",
        mixinStandardHelpOptions = true,
        description = {
            "Takes a savepoint of the NeuroStream job running on the cluster (written by the"
                    + " JobManager, then kept as the folder SP with its descriptor), and with --stop"
                    + " stops the job with it (its exactly-once outputs committed up to it). Resume"
                    + " with cluster submit --from-savepoint SP; cluster status names the last one.",
            "Prints: cluster: savepoint SP job=ID stopped=true|false in S s"
        })
final class ClusterSavepointCommand implements Callable<Integer> {
    @ParentCommand ClusterCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--stop", description = "Stop the job with the savepoint.")
    boolean stop;

    @Option(
            names = "--savepoint",
            paramLabel = "SP",
            description =
                    "The new folder for the savepoint (default: DIR/savepoints/<job>-<time>).")
    Path savepoint;

    @Option(
            names = "--job",
            paramLabel = "ID",
            description = "The job, where several run (default: the one running).")
    String job;

    @Override
    public Integer call() throws Exception {
        final StandaloneCluster cluster = ClusterCommand.attach(parent.dir());
        if (cluster.jobManagerPid().isEmpty()) {
            throw new CliException(1, "the cluster in " + cluster.dir() + " is not running");
        }
        final ClusterSavepoints.Taken t = ClusterSavepoints.take(cluster, job, savepoint, stop);
        spec.commandLine()
                .getOut()
                .printf(
                        Locale.ROOT,
                        "cluster: savepoint %s job=%s stopped=%s in %.1f s%n",
                        t.folder(),
                        t.jobId(),
                        t.stopped(),
                        t.seconds());
        return 0;
    }
}
