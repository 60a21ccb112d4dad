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
@Command(name = "savepoint", mixinStandardHelpOptions = true)
final class ClusterSavepointCommand implements Callable<Integer> {
    @ParentCommand ClusterCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--stop")
    boolean stop;

    @Option(names = "--savepoint", paramLabel = "SP")
    Path savepoint;

    @Option(names = "--job", paramLabel = "ID")
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
