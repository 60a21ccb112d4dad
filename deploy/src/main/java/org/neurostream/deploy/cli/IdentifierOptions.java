package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.neurostream.ingest.identifiers.Identifiers;
import picocli.CommandLine.Option;

/**
 * What a command that reads recordings keeps of the identifiers in them (a picocli mixin): {@code
 * --keep-identifiers}, {@code --identifier REGEX} and {@code --pseudonym-key-file FILE}, read into
 * one {@link Identifiers}. {@code demo}, {@code record} and {@code replay} take them with their
 * file options, {@code lsl play} for the stream names it makes of file names. The help texts of the
 * first two are CommandHelp.properties' {@code keep-identifiers} and {@code identifier}.
 */
final class IdentifierOptions {
    @Option(names = "--keep-identifiers")
    boolean keepIdentifiers;

    @Option(names = "--identifier", paramLabel = "REGEX")
    List<Pattern> identifiers = new ArrayList<>();

    @Option(names = "--pseudonym-key-file", paramLabel = "FILE")
    Path pseudonymKeyFile;

    /** The identifiers these options ask for, or exit 2 naming the key file or variable. */
    Identifiers identifiers() {
        try {
            return Identifiers.of(keepIdentifiers, pseudonymKeyFile, identifiers, System.getenv());
        } catch (final IOException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }
}
