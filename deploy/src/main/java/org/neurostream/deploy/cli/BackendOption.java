package org.neurostream.deploy.cli;

import org.neurostream.deploy.job.JobOptions;
import org.neurostream.operators.compute.BackendKind;
import picocli.CommandLine.Option;

/**
 * {@code --backend auto|cpu|opencl} for every command with a compute hot path (a picocli mixin);
 * its help and default are {@link JobOptions#BACKEND}'s.
 */
public final class BackendOption {
    BackendKind kind = JobOptions.BACKEND.defaultValue();
    boolean given;

    @Option(
            names = "--backend",
            paramLabel = "auto|cpu|opencl",
            converter = BackendConverter.class,
            descriptionKey = "job.backend")
    void set(final BackendKind value) {
        kind = value;
        given = true;
    }

    /** The backend named, or the default. */
    public BackendKind kind() {
        return kind;
    }
}
