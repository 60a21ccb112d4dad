package org.neurostream.deploy.cli;

import org.neurostream.deploy.job.JobOptions;
import org.neurostream.operators.compute.BackendKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --backend auto|cpu|opencl} for every command with a compute hot path (a picocli mixin);
 * its help and default are {@link JobOptions#BACKEND}'s.
 */
public final class BackendOption {
    /** The backend named; null when none was. */
    @Option(
            names = "--backend",
            paramLabel = "auto|cpu|opencl",
            converter = BackendOption.Converter.class,
            descriptionKey = "job.backend")
    BackendKind given;

    /** The backend named, or the default. */
    public BackendKind kind() {
        return given != null ? given : JobOptions.BACKEND.defaultValue();
    }

    /** Reads {@code auto|cpu|opencl}, any case. */
    static final class Converter implements ITypeConverter<BackendKind> {
        @Override
        public BackendKind convert(final String value) {
            try {
                return BackendKind.parse(value);
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
