package org.neurostream.deploy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A {@code ./neurostream} command run as a child process for a benchmark, so that a figure is that
 * of the command a user runs: its output lines, the keys of its {@code summary:} line, and its CPU
 * time (every thread of the JVM, from /proc through {@link ProcessHandle}) between two of its 5 s
 * progress lines, the steady-state window. LSL peers get the bundled loopback configuration ({@code
 * config/lsl_loopback.cfg}) unless {@code LSLAPICFG} is set.
 */
final class LauncherRun {
    private static final Pattern PROGRESS = Pattern.compile("^[a-z]+: +(\\d+)s .*");

    /**
     * What a run printed and used.
     *
     * @param lines every line of its standard output and error
     * @param summary the {@code KEY=VALUE} pairs of its {@code summary:} line, in order; empty
     *     without one
     * @param cpuSeconds process CPU seconds between the progress lines of the window; NaN when
     *     either line did not come
     * @param windowSeconds wall seconds between those two lines
     */
    record Outcome(
            List<String> lines,
            Map<String, String> summary,
            double cpuSeconds,
            double windowSeconds) {
        /** The summary value of {@code key} as a number, or NaN when absent or not a number. */
        double value(final String key) {
            try {
                return Double.parseDouble(summary.getOrDefault(key, "NaN"));
            } catch (final NumberFormatException e) {
                return Double.NaN;
            }
        }

        /** Process CPU as a fraction of one core over the window. */
        double cores() {
            return cpuSeconds / windowSeconds;
        }
    }

    private LauncherRun() {}

    /**
     * The launcher of this checkout: {@code $NEUROSTREAM_HOME/neurostream}, or null without one.
     */
    static Path launcher() {
        final Path p =
                Path.of(System.getenv().getOrDefault("NEUROSTREAM_HOME", "."))
                        .toAbsolutePath()
                        .resolve("neurostream");
        return Files.isExecutable(p) ? p : null;
    }

    /** A child process of the launcher with {@code args}, its output merged, LSL on loopback. */
    static Process start(final Path launcher, final List<String> args) throws IOException {
        return start(launcher, args, List.of());
    }

    /**
     * The same, with {@code jvmOptions} added to the child's {@code NEUROSTREAM_JAVA_OPTS} (after
     * those of this process's environment).
     */
    static Process start(
            final Path launcher, final List<String> args, final List<String> jvmOptions)
            throws IOException {
        final List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(args);
        final ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        if (!jvmOptions.isEmpty()) {
            final String inherited = System.getenv().getOrDefault("NEUROSTREAM_JAVA_OPTS", "");
            b.environment()
                    .put(
                            "NEUROSTREAM_JAVA_OPTS",
                            (inherited + " " + String.join(" ", jvmOptions)).strip());
        }
        if (System.getenv("LSLAPICFG") == null) {
            b.environment()
                    .put(
                            "LSLAPICFG",
                            launcher.resolveSibling("config/lsl_loopback.cfg").toString());
        }
        return b.start();
    }

    /**
     * Runs the launcher with {@code args} to its end, sampling its CPU time at the progress lines
     * of {@code fromSecond} and {@code toSecond}.
     *
     * @throws IOException when it does not end within {@code timeout} or exits with other than 0
     */
    static Outcome run(
            final Path launcher,
            final List<String> args,
            final int fromSecond,
            final int toSecond,
            final Duration timeout)
            throws IOException, InterruptedException {
        return run(launcher, args, List.of(), fromSecond, toSecond, timeout);
    }

    /** The same, with {@code jvmOptions} for the child ({@link #start(Path, List, List)}). */
    static Outcome run(
            final Path launcher,
            final List<String> args,
            final List<String> jvmOptions,
            final int fromSecond,
            final int toSecond,
            final Duration timeout)
            throws IOException, InterruptedException {
        final Process p = start(launcher, args, jvmOptions);
        try {
            final Outcome o = read(p, fromSecond, toSecond);
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(
                        "benchmark command failed: "
                                + launcher
                                + " "
                                + String.join(" ", args)
                                + "; last lines: "
                                + o.lines.subList(Math.max(0, o.lines.size() - 5), o.lines.size()));
            }
            return o;
        } finally {
            p.destroyForcibly();
        }
    }

    private static Outcome read(final Process p, final int fromSecond, final int toSecond)
            throws IOException {
        final List<String> lines = new ArrayList<>();
        final Map<String, String> summary = new LinkedHashMap<>();
        double cpuFrom = Double.NaN;
        double cpuTo = Double.NaN;
        long wallFrom = 0;
        long wallTo = 0;
        try (BufferedReader in =
                new BufferedReader(
                        new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                final var m = PROGRESS.matcher(line);
                if (m.matches()) {
                    final int second = Integer.parseInt(m.group(1));
                    if (second == fromSecond) {
                        cpuFrom = cpuSeconds(p);
                        wallFrom = System.nanoTime();
                    } else if (second == toSecond) {
                        cpuTo = cpuSeconds(p);
                        wallTo = System.nanoTime();
                    }
                }
                if (line.startsWith("summary: ")) {
                    summary.putAll(keys(line.substring("summary: ".length())));
                }
            }
        }
        return new Outcome(lines, summary, cpuTo - cpuFrom, (wallTo - wallFrom) / 1e9);
    }

    /** The {@code KEY=VALUE} pairs of a line, separated by spaces, in order. */
    static Map<String, String> keys(final String text) {
        final Map<String, String> out = new LinkedHashMap<>();
        for (final String pair : text.trim().split(" +")) {
            final int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    private static double cpuSeconds(final Process p) {
        return p.info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
    }
}
