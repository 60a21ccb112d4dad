package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.deploy.job.JobOptions;

/**
 * {@code motifs detect} without picocli answers as the picocli command does (exit code, both
 * streams, the file), or leaves the arguments to picocli without printing anything.
 */
class MotifsDetectFastPathTest {
    @TempDir Path dir;

    /** What one run printed and wrote. */
    private record Answer(int exitCode, String out, String err, String file) {}

    private Path out() {
        return dir.resolve("d.csv");
    }

    private String[] args(final Path events, final String... more) throws IOException {
        return MotifsCommandTest.detectArgs(dir, events, out(), more);
    }

    private Answer written(final int exitCode, final String out, final String err)
            throws IOException {
        final String file = Files.exists(out()) ? Files.readString(out()) : null;
        Files.deleteIfExists(out());
        return new Answer(exitCode, out, err, file);
    }

    private Answer picocli(final String[] args) throws IOException {
        final CommandRun run = CommandRun.of(args);
        return written(run.exitCode(), run.out(), run.err());
    }

    private Answer fast(final String[] args) throws IOException {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int exitCode =
                MotifsDetectFastPath.run(
                        args, new PrintWriter(out, true), new PrintWriter(err, true));
        return written(exitCode, out.toString(), err.toString());
    }

    private Path events(final String text) throws IOException {
        final Path events = dir.resolve("e.csv");
        Files.writeString(events, text);
        return events;
    }

    @Test
    void shouldAnswerAsThePicocliCommandDoes() throws IOException {
        final Path good = events("t_us,address\n1000,2\n1500,7\n5000,1\n4000,0\n9000,0\n9100,-3\n");
        final List<String[]> cases =
                List.of(
                        args(good),
                        args(good, "--bin-us", "1", "--threshold", "-1.5", "--nms", "2"),
                        args(good, "--bin-us=1000", "--threshold=0.5", "--backend", " CPU"),
                        args(good, "--backend=auto", "--nms", "0", "--threshold", "-0"),
                        args(good, "--nms", "-1"),
                        args(good, "--bin-us", "0"),
                        args(dir.resolve("missing.csv")));
        for (final String[] args : cases) {
            final Answer expected = picocli(args);
            assertEquals(expected, fast(args), String.join(" ", args));
        }
        final String[] badLine = args(events("t_us,address\n1000,2\n12x4,1\n"));
        final Answer expected = picocli(badLine);
        assertEquals(2, expected.exitCode());
        assertEquals(expected, fast(badLine));
        final String[] missingKernel = args(good);
        missingKernel[3] = dir.resolve("nope.npy").toString();
        assertEquals(picocli(missingKernel), fast(missingKernel));
    }

    @Test
    void shouldLeaveEveryOtherFormToPicocli() throws IOException {
        final Path events = events("t_us,address\n1000,2\n");
        final Path[] toy = MotifsCommandTest.toy(dir);
        final List<String[]> declined =
                List.of(
                        args(events, "--help"),
                        args(events, "-h"),
                        args(events, "--kernel", toy[0].toString()),
                        args(events, "--bin-us", "010"),
                        args(events, "--bin-us", "1e3"),
                        args(events, "--bin-us", "1.5"),
                        args(events, "--bin-us", "99999999999999999999"),
                        args(events, "--threshold", "NaN"),
                        args(events, "--threshold", ".5"),
                        args(events, "--backend", "gpu"),
                        args(events, "--backend", "-cpu"),
                        args(events, "--frobnicate", "1"),
                        args(events, "--bin-us"),
                        args(events, "--"),
                        args(events, "@more.txt"),
                        new String[] {"motifs", "detect", "--kernel", toy[0].toString()},
                        MotifsCommandTest.detectArgs(toy[0], toy[1], Path.of("-e.csv"), out()),
                        new String[] {"motifs", "train", "--events", events.toString()},
                        new String[] {"motifs"},
                        new String[0]);
        for (final String[] args : declined) {
            assertEquals(
                    new Answer(MotifsDetectFastPath.DECLINED, "", "", null),
                    fast(args),
                    String.join(" ", args));
        }
    }

    @Test
    void shouldDefaultToTheJobsBackend() {
        assertEquals(JobOptions.BACKEND.defaultValue(), MotifsDetectFastPath.DEFAULT_BACKEND);
    }
}
