package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.neurostream.ingest.lsl.LslConfig;

/**
 * The real liblsl (from pylsl's wheel in the repository's .venv, found through the system property
 * {@code neurostream.python}) running {@code lsl/lsl_peer.py} in a role, always with the
 * loopback-only configuration in its {@code LSLAPICFG}. Without the interpreter the tests skip,
 * unless the environment variable CI is set: then they fail.
 */
final class LiblslPeer implements AutoCloseable {
    final Process process;
    final Path out;
    final Path log;

    private LiblslPeer(final Process process, final Path out, final Path log) {
        this.process = process;
        this.out = out;
        this.log = log;
    }

    /** The interpreter with pylsl, or a skip (a failure in CI). */
    static Path python() {
        final String p = System.getProperty("neurostream.python");
        final boolean there = p != null && Files.isExecutable(Path.of(p));
        if (!there) {
            if (System.getenv("CI") != null) {
                fail(
                        "CI is set but no Python with pylsl at neurostream.python="
                                + p
                                + " (.ci/run makes .venv from python/requirements-ci.txt)");
            }
            Assumptions.abort("no Python with pylsl at neurostream.python=" + p + ": skipped");
        }
        return Path.of(p);
    }

    /** The loopback-only configuration the peers and our side run with. */
    static Path config() {
        final String c = System.getProperty(LslConfig.ENV);
        assertTrue(c != null && Files.isReadable(Path.of(c)), "LSLAPICFG property: " + c);
        assertTrue(LslConfig.fromFile(Path.of(c)).isLoopbackOnly(), c + " must be loopback-only");
        return Path.of(c);
    }

    /** Starts {@code lsl_peer.py ROLE ARGS --out <file>} in {@code dir}. */
    static LiblslPeer start(final Path dir, final String role, final String... args)
            throws IOException {
        final Path script = dir.resolve("lsl_peer.py");
        if (!Files.exists(script)) {
            try (InputStream in = LiblslPeer.class.getResourceAsStream("/lsl/lsl_peer.py")) {
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        final Path out = Files.createTempFile(dir, role, ".json");
        final Path log = Files.createTempFile(dir, role, ".log");
        final List<String> cmd =
                new ArrayList<>(List.of(python().toString(), script.toString(), role));
        cmd.addAll(List.of(args));
        cmd.add("--out");
        cmd.add(out.toString());
        final ProcessBuilder pb =
                new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(LslConfig.ENV, config().toString());
        return new LiblslPeer(pb.start(), out, log);
    }

    /** Waits for the peer to end with exit code 0 and returns its JSON. */
    JsonNode result(final long seconds) throws Exception {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("liblsl peer did not end within " + seconds + " s: " + Files.readString(log));
        }
        if (process.exitValue() != 0) {
            fail("liblsl peer failed (" + process.exitValue() + "): " + Files.readString(log));
        }
        return new ObjectMapper().readTree(out.toFile());
    }

    /** Waits until the peer's output holds {@code text} (e.g. its inlet is open). */
    void awaitOutput(final String text, final long seconds) throws Exception {
        final long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                fail("liblsl peer ended early: " + Files.readString(log));
            }
            Thread.sleep(20);
        }
        fail("liblsl peer never printed '" + text + "': " + Files.readString(log));
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (final InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
