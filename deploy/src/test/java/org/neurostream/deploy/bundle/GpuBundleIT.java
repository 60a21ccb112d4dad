package org.neurostream.deploy.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurostream.operators.compute.OpenClDevices;

/**
 * {@code neurostream gpu-bundle} from the shaded jar, as a user runs it, and the bundle's {@code
 * run.sh} from the bundle alone: its own runtime, no Maven class path, no JDK tool, OpenCL found by
 * the script (PoCL's CPU device here and in CI). Each bundle stays under the 45 MB that lets it
 * travel with a checkout to the GPU machine.
 */
class GpuBundleIT {
    private static final Path HOME =
            Path.of(System.getProperty("neurostream.home", ".")).toAbsolutePath();
    private static final Path JAR = HOME.resolve("deploy/target/neurostream-cli.jar");
    private static final long LIMIT = 45_000_000L;

    @TempDir Path tmp;

    @BeforeEach
    void requireOpenClAndTheJar() {
        assertTrue(Files.isRegularFile(JAR), "the package phase builds " + JAR);
        // CI installs PoCL: there a missing OpenCL device is a failure, elsewhere a reason to skip
        assumeTrue(
                !OpenClDevices.all().isEmpty() || System.getenv("CI") != null,
                "skipped: no OpenCL device (install pocl-opencl-icd): "
                        + OpenClDevices.absenceReason());
    }

    @Test
    void shouldBuildABenchBundleUnderTheLimitThatMeasuresOnOpenClFromTheBundleAlone()
            throws Exception {
        final Path bundle = tmp.resolve("bench");
        final Run build =
                run(List.of(java(), "-jar", JAR.toString(), "gpu-bundle", bundle.toString()), tmp);
        assertEquals(0, build.status(), build.output());
        assertTrue(build.output().contains("run it with " + bundle + "/run.sh"), build.output());
        assertUnderLimit(bundle, "payload.tar.xz", "run.sh", "bundle-env.sh", "torch_peer.py");

        final Run bench =
                run(
                        List.of(
                                bundle.resolve("run.sh").toString(),
                                "bench",
                                "--backend",
                                "opencl",
                                "--only",
                                "bandpower",
                                "--skip-process",
                                "--probes",
                                "1",
                                "--peer"),
                        tmp);
        assertEquals(0, bench.status(), bench.output());
        final String out = bench.output();
        assertTrue(out.contains("opencl: ICD loader "), out);
        assertTrue(out.contains("runtime: openjdk version \"17"), out);
        assertTrue(positive(out, "pcie.h2d.gb_per_s") > 0, out);
        assertTrue(positive(out, "bandpower.opencl.samples_per_s") > 0, out);
        assertTrue(positive(out, "bandpower.opencl.arrays.samples_per_s") > 0, out);
        assertTrue(
                out.contains("bench: peer skipped: ") || out.contains("bench: peer.torch.device="),
                "the peer ran or said in one line why not: " + out);

        // a runtime made for the command, not a JDK: no compiler, no jlink
        final Path runtime = bundle.resolve("payload/runtime");
        assertFalse(Files.exists(runtime.resolve("bin/javac")), "no javac in the runtime");
        assertFalse(Files.exists(runtime.resolve("bin/jlink")), "no jlink in the runtime");
        final Run modules =
                run(List.of(runtime.resolve("bin/java").toString(), "--list-modules"), tmp);
        assertFalse(modules.output().contains("jdk.compiler"), modules.output());
    }

    @Test
    void shouldBuildAJobBundleUnderTheLimitThatReplaysOnOpenClAsOnTheCpu() throws Exception {
        final Path bundle = tmp.resolve("job");
        final Run build =
                run(
                        List.of(
                                java(),
                                "-jar",
                                JAR.toString(),
                                "gpu-bundle",
                                "--job",
                                bundle.toString()),
                        tmp);
        assertEquals(0, build.status(), build.output());
        assertUnderLimit(bundle, "payload.tar.xz", "run.sh", "bundle-env.sh");

        final Run job = run(List.of(bundle.resolve("run.sh").toString()), tmp);
        assertEquals(0, job.status(), job.output());
        final String out = job.output();
        assertTrue(out.contains("band power backend: requested opencl, using opencl"), out);
        assertTrue(out.contains("run: replay --backend opencl took"), out);
        assertTrue(out.contains("run: replay --backend cpu took"), out);
        // motifs, avalanches and calcium events are the CPU's to the byte; band power differs in
        // float rounding only, and so may the decoder's probabilities computed from it
        final Matcher compare =
                Pattern.compile("compare: (\\d+) files identical, (\\d+) differ").matcher(out);
        assertTrue(compare.find(), out);
        assertTrue(Integer.parseInt(compare.group(1)) >= 6, out);
        assertFalse(out.contains("compare: motifs_"), out);
        assertFalse(out.contains("compare: avalanches_"), out);
        assertFalse(out.contains("compare: calciumevents_"), out);
    }

    private static void assertUnderLimit(final Path bundle, final String... expected)
            throws IOException {
        long bytes = 0;
        try (Stream<Path> files = Files.walk(bundle)) {
            for (final Path f : files.filter(Files::isRegularFile).toList()) {
                bytes += Files.size(f);
            }
        }
        for (final String name : expected) {
            assertTrue(Files.isRegularFile(bundle.resolve(name)), bundle + " holds " + name);
        }
        assertTrue(bytes <= LIMIT, bundle + " holds " + bytes + " bytes, limit " + LIMIT);
        assertTrue(Files.isExecutable(bundle.resolve("run.sh")), "run.sh is executable");
    }

    /** The number of {@code bench: NAME=NUMBER ...}. */
    private static double positive(final String output, final String name) {
        final Matcher m =
                Pattern.compile("bench: " + Pattern.quote(name) + "=([0-9.e+-]+) ").matcher(output);
        assertTrue(m.find(), "no figure " + name + " in: " + output);
        return Double.parseDouble(m.group(1));
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private record Run(int status, String output) {}

    /** Runs a command with a plain environment (no class path, no Java home) and its output. */
    private static Run run(final List<String> command, final Path dir)
            throws IOException, InterruptedException {
        final Path log = Files.createTempFile(dir, "run", ".log");
        final ProcessBuilder pb =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        final Map<String, String> env = pb.environment();
        env.remove("CLASSPATH");
        env.remove("JAVA_HOME");
        env.remove("NEUROSTREAM_PYTHON");
        env.put("NEUROSTREAM_HOME", HOME.toString());
        final Process p = pb.start();
        if (!p.waitFor(20, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Run(-1, "timed out: " + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }
}
