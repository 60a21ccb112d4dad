package org.neurostream.ingest.nwb;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Python check script with the interpreter the system property {@code neurostream.python}
 * names (the repository's {@code .venv}, made by {@code .ci/run} from {@code
 * python/requirements-ci.txt}). Without it, or without pynwb in it, the test is skipped, except
 * when the environment variable {@code CI} is set: then it fails.
 */
final class PythonCheck {
    private PythonCheck() {}

    /** The interpreter, after checking that it imports pynwb. */
    static String pythonWithPynwb() throws IOException, InterruptedException {
        final String python = System.getProperty("neurostream.python");
        if (python == null || python.isBlank() || !Files.isExecutable(Path.of(python))) {
            unavailable("no Python interpreter at neurostream.python=" + python);
        }
        final Process p =
                new ProcessBuilder(python, "-c", "import pynwb").redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            unavailable(python + " cannot import pynwb: " + out.strip());
        }
        return python;
    }

    private static void unavailable(final String why) {
        if (System.getenv("CI") != null) {
            fail(why + " (CI is set: the pynwb check must run)");
        }
        assumeTrue(false, why + ": skipped");
    }

    /** Runs {@code script args...}; asserts exit 0 and that the last line printed is {@code ok}. */
    static void run(final Path script, final String... args)
            throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(pythonWithPynwb(), script.toString()));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "check script timed out: " + out);
        assertTrue(p.exitValue() == 0 && out.strip().endsWith("ok"), "check script says:\n" + out);
    }
}
