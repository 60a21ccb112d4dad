package org.neurostream.deploy.embedded;

import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.flink.api.dag.Pipeline;
import org.apache.flink.client.deployment.executors.PipelineExecutorUtils;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient;
import org.apache.flink.runtime.minicluster.MiniClusterJobClient.JobFinalizationBehavior;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Submits a job's stream graph to a running {@link MiniCluster} in this JVM, the way Flink's {@code
 * LocalExecutor} does for the MiniCluster it starts per job, but without owning the cluster: the
 * cluster outlives the job.
 */
final class MiniClusterExecutor implements PipelineExecutor {

    /** The {@code execution.target} that selects this executor. */
    static final String NAME = "neurostream-embedded";

    private final MiniCluster miniCluster;

    MiniClusterExecutor(MiniCluster miniCluster) {
        this.miniCluster = miniCluster;
    }

    @Override
    public CompletableFuture<JobClient> execute(
            Pipeline pipeline, Configuration configuration, ClassLoader userCodeClassLoader)
            throws Exception {
        final StreamGraph streamGraph =
                PipelineExecutorUtils.getStreamGraph(pipeline, configuration);
        // The cluster builds the job graph from serialized operators, as a remote cluster would.
        streamGraph.serializeUserDefinedInstances();
        return miniCluster
                .submitJob(streamGraph)
                .thenApply(
                        submitted ->
                                new MiniClusterJobClient(
                                        submitted.getJobID(),
                                        miniCluster,
                                        userCodeClassLoader,
                                        JobFinalizationBehavior.NOTHING));
    }

    /** Hands {@link MiniClusterExecutor} to a {@code StreamExecutionEnvironment}. */
    static final class ServiceLoader implements PipelineExecutorServiceLoader {

        private final MiniCluster miniCluster;

        ServiceLoader(MiniCluster miniCluster) {
            this.miniCluster = miniCluster;
        }

        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return new Factory(miniCluster);
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(NAME);
        }
    }

    private static final class Factory implements PipelineExecutorFactory {

        private final MiniCluster miniCluster;

        Factory(MiniCluster miniCluster) {
            this.miniCluster = miniCluster;
        }

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean isCompatibleWith(Configuration configuration) {
            return NAME.equals(configuration.get(DeploymentOptions.TARGET));
        }

        @Override
        public PipelineExecutor getExecutor(Configuration configuration) {
            return new MiniClusterExecutor(miniCluster);
        }
    }
}
