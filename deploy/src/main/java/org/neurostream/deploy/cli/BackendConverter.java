package org.neurostream.deploy.cli;

import org.neurostream.operators.compute.BackendKind;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --backend auto|cpu|opencl} (any case) for every command that has the option. */
final class BackendConverter implements ITypeConverter<BackendKind> {
    @Override
    public BackendKind convert(final String value) {
        try {
            return BackendKind.parse(value);
        } catch (final IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
