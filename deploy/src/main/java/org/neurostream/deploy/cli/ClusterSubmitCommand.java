package org.neurostream.deploy.cli;

import java.util.concurrent.Callable;
import org.neurostream.deploy.cluster.ClusterJob;
import org.neurostream.deploy.cluster.StandaloneCluster;
import org.neurostream.deploy.job.JobOptions;
import org.neurostream.deploy.job.KafkaJobSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code neurostream cluster submit}: the job on the running session cluster, detached. */
@Command(name = "submit", mixinStandardHelpOptions = true)
final class ClusterSubmitCommand implements Callable<Integer> {
    @ParentCommand ClusterCommand parent;
    @Spec CommandSpec spec;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT")
    String bootstrap;

    @Option(names = "--partitions")
    Integer partitions;

    @Mixin RestoreOptions restore = new RestoreOptions();

    @Mixin KafkaClientOptions kafka;

    @Mixin
    JobOptionsMixin job =
            new JobOptionsMixin()
                    .withDefault(
                            JobOptions.DELIVERY,
                            ClusterJob.DELIVERY,
                            "jobs on a cluster archive their outputs")
                    .withDefaultNote(JobOptions.PARALLELISM, "every slot of the cluster")
                    .withDefaultNote(JobOptions.MODEL, "replay-data/models/rest-vs-imagery.json");

    @Override
    public Integer call() throws Exception {
        // a bad --kafka-config, or a secret in it that Flink would show in the job's
        // configuration, is one line and exit 2 before the cluster is asked anything
        KafkaJobSettings.toConfiguration(kafka.clients());
        final StandaloneCluster cluster = ClusterCommand.attach(parent.dir());
        if (cluster.jobManagerPid().isEmpty()) {
            throw new CliException(1, "the cluster in " + cluster.dir() + " is not running");
        }
        spec.commandLine()
                .getOut()
                .println(
                        ClusterJob.start(
                                cluster,
                                kafka.applyTo(job.toBuilder()),
                                job.given(JobOptions.PARALLELISM),
                                job.given(JobOptions.MODEL)
                                        ? null
                                        : NeuroStreamCli.home()
                                                .resolve("replay-data/models/rest-vs-imagery.json"),
                                bootstrap,
                                partitions,
                                restore.from,
                                restore.allowNonRestoredState));
        return 0;
    }
}
