package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;

/**
 * Runs a decoder use case and turns unusable input into one-line errors with exit code 2: a file
 * that is missing or not EDF, a model file of an unknown kind or version, channels or a sample rate
 * that do not match, classes or folds that cannot train.
 */
final class DecoderInput {
    private DecoderInput() {}

    static <T> T call(final Callable<T> useCase) {
        try {
            return useCase.call();
        } catch (final NoSuchFileException e) {
            throw new CliException(CliException.BAD_INPUT, e.getFile() + ": no such file");
        } catch (final IllegalArgumentException | IOException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } catch (final RuntimeException e) {
            throw e;
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
