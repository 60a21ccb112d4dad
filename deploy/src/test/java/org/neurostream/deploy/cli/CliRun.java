package org.neurostream.deploy.cli;

/** {@link CommandRun} for tests outside this package. */
public record CliRun(int exitCode, String out, String err) {
    /** Runs the command line in-process with {@code args}. */
    public static CliRun of(final String... args) {
        final CommandRun run = CommandRun.of(args);
        return new CliRun(run.exitCode(), run.out(), run.err());
    }
}
