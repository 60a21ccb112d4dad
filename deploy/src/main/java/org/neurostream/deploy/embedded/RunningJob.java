package org.neurostream.deploy.embedded;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/**
 * A job running on the {@link EmbeddedRuntime}, seen without Flink's types, so that code outside
 * the job wiring (the demo, a live command) can start, watch and stop it.
 */
public final class RunningJob implements AutoCloseable {
    private final JobClient client;

    RunningJob(final JobClient client) {
        this.client = client;
    }

    /** The job's id as Flink prints it. */
    public String id() {
        return client.getJobID().toString();
    }

    /**
     * Waits until the job runs.
     *
     * @throws IllegalStateException "the job did not start: STATUS" when it ended instead, or did
     *     not run within {@code timeout}
     */
    RunningJob awaitRunning(final Duration timeout) throws Exception {
        final long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus status;
        while ((status = client.getJobStatus().get(10, TimeUnit.SECONDS)) != JobStatus.RUNNING) {
            if (status.isGloballyTerminalState() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the job did not start: " + status);
            }
            Thread.sleep(100);
        }
        return this;
    }

    /** Cancels the job and waits up to 10 s for it to end. */
    @Override
    public void close() throws Exception {
        client.cancel().get(10, TimeUnit.SECONDS);
    }
}
