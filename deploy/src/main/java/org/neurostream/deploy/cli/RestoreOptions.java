package org.neurostream.deploy.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --from-savepoint SP} and {@code --allow-non-restored-state} of the commands that resume
 * the job ({@code replay}, {@code cluster submit}): a picocli mixin.
 */
final class RestoreOptions {
    @Option(names = "--from-savepoint", paramLabel = "SP")
    Path from;

    @Option(names = "--allow-non-restored-state")
    boolean allowNonRestoredState;
}
