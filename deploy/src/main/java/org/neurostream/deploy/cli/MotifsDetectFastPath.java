package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.neurostream.deploy.process.PlainCommandLine;
import org.neurostream.operators.compute.BackendKind;

/**
 * {@code neurostream motifs detect} without picocli, whose model of a command (built by reflection,
 * not archivable) and logging take a short run most of its time: {@link NeuroStreamMain} tries this
 * first. It reads only the plain forms of the command's options ({@link PlainCommandLine}); for
 * anything else (help, an unknown, repeated or missing option, an {@code @file}, {@code --}) it
 * declines and picocli parses the arguments as ever, with its own messages. The work, its lines and
 * its exit codes are {@link MotifsDetectCommand}'s.
 */
final class MotifsDetectFastPath {
    /** What {@link #run} returns when it leaves the arguments to picocli. */
    static final int DECLINED = -1;

    /** {@code --backend} when none is given: the job's default ({@code JobOptions.BACKEND}). */
    static final BackendKind DEFAULT_BACKEND = BackendKind.AUTO;

    private static final String NAME = "neurostream motifs detect";

    private static final List<String> OPTIONS =
            List.of(
                    "--kernel",
                    "--bias",
                    "--events",
                    "--bin-us",
                    "--threshold",
                    "--nms",
                    "--backend",
                    "--out");

    private static final List<String> NUMBERS = List.of("--bin-us", "--threshold", "--nms");

    private MotifsDetectFastPath() {}

    /** Runs {@code args} on the standard streams, as picocli would write to them. */
    static int run(final String[] args) {
        final MotifsDetectCommand command = parse(args);
        if (command == null) {
            return DECLINED;
        }
        final PrintWriter out = PlainCommandLine.writer(System.out, "sun.stdout.encoding");
        final PrintWriter err = PlainCommandLine.writer(System.err, "sun.stderr.encoding");
        try {
            return run(command, out, err);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Runs {@code args} with {@code out} and {@code err}, or returns {@link #DECLINED}. */
    static int run(final String[] args, final PrintWriter out, final PrintWriter err) {
        final MotifsDetectCommand command = parse(args);
        return command == null ? DECLINED : run(command, out, err);
    }

    private static int run(
            final MotifsDetectCommand command, final PrintWriter out, final PrintWriter err) {
        try {
            return command.detect(out, err, NAME);
        } catch (final Exception e) {
            // DECLINED when not a failure the user can act on: picocli runs it and reports it
            return NeuroStreamCli.report(e, NAME, err);
        }
    }

    /** The command with its options set, or null where picocli should parse. */
    private static MotifsDetectCommand parse(final String[] args) {
        if (args.length < 2 || !args[0].equals("motifs") || !args[1].equals("detect")) {
            return null;
        }
        final Map<String, String> given =
                PlainCommandLine.options(
                        args,
                        2,
                        OPTIONS,
                        NUMBERS,
                        List.of("--kernel", "--bias", "--events", "--out"));
        if (given == null) {
            return null;
        }
        final MotifsDetectCommand command = new MotifsDetectCommand();
        command.backend = new BackendOption();
        try {
            command.kernel = Path.of(given.get("--kernel"));
            command.bias = Path.of(given.get("--bias"));
            command.events = Path.of(given.get("--events"));
            command.out = Path.of(given.get("--out"));
            command.binUs = Long.parseLong(given.getOrDefault("--bin-us", "1000"));
            command.threshold = Double.parseDouble(given.getOrDefault("--threshold", "0"));
            command.nms = Integer.parseInt(given.getOrDefault("--nms", "0"));
            command.backend.given =
                    given.containsKey("--backend")
                            ? BackendKind.parse(given.get("--backend"))
                            : DEFAULT_BACKEND;
        } catch (final IllegalArgumentException e) {
            // a path the file system refuses, a number out of range, an unknown backend
            return null;
        }
        return command;
    }
}
