package org.neurostream.deploy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.neurostream.operators.motif.MotifKernel;

/**
 * The PyTorch peer of the compute-backend benchmarks: runs {@code bench/torch_peer.py} (a resource
 * of this jar; its docstring states the method) with a Python that has PyTorch, on the same
 * workloads as {@link BandPowerBackendBenchmark} and {@link MotifBackendBenchmark}, and returns
 * what it printed. Without the interpreter, PyTorch or (for device {@code cuda}) a CUDA device the
 * outcome is a skip with its reason, never an exception.
 */
public final class TorchPeer {
    /** The script, a resource of this jar. */
    public static final String SCRIPT = "/bench/torch_peer.py";

    /** The files of a motif workload, as the script reads them. */
    private static final String[] WORKLOAD_FILES = {
        "ids.i32", "bins.i64", "kernel.f32", "bias.f32"
    };

    /** How long one run of the script may take, seconds (imports and CUDA start included). */
    private static final long TIMEOUT_SECONDS = 600;

    /**
     * One line the peer printed: its kind ({@code bandpower}, {@code motif}) and fields.
     *
     * @param kind the line's kind
     * @param fields its key=value fields, in order
     */
    public record Figure(String kind, Map<String, String> fields) {
        /** A field as a number. */
        public double number(final String key) {
            return Double.parseDouble(fields.get(key));
        }
    }

    /**
     * What a run gave: a skip reason (then nothing else), or the device and the figures.
     *
     * @param skipReason why no figure came, or null
     * @param device the device line ({@code name (torch X, CUDA Y)}), or null when skipped
     * @param figures the figures, in the order printed
     */
    public record Outcome(String skipReason, String device, List<Figure> figures) {
        /** Whether the peer ran. */
        public boolean ran() {
            return skipReason == null;
        }
    }

    private TorchPeer() {}

    /** The interpreter to run the peer with: {@code $NEUROSTREAM_PYTHON}, else {@code python3}. */
    public static String python() {
        return System.getenv().getOrDefault("NEUROSTREAM_PYTHON", "python3").trim();
    }

    /**
     * The band-power workload for each channel count, {@code samples} per channel per batch.
     *
     * @param python the interpreter ({@link #python()})
     * @param device {@code cuda}, or {@code cpu} to test the script
     */
    public static Outcome bandPower(
            final String python,
            final String device,
            final List<Integer> channels,
            final int samples,
            final double seconds) {
        return run(
                python,
                List.of(
                        "bandpower",
                        "--device",
                        device,
                        "--seconds",
                        Double.toString(seconds),
                        "--channels",
                        channels.stream().map(String::valueOf).collect(Collectors.joining(",")),
                        "--samples",
                        Integer.toString(samples),
                        "--nperseg",
                        Integer.toString(BandPowerBackendBenchmark.DEFAULT_NPERSEG),
                        "--fs",
                        Double.toString(BandPowerBackendBenchmark.PROBE_FS)));
    }

    /**
     * The motif benchmark's workload ({@link MotifBackendBenchmark}'s reference setup) as a dense
     * convolution, for each batch size.
     */
    public static Outcome motif(
            final String python,
            final String device,
            final List<Integer> batches,
            final double seconds) {
        final MotifDetectBenchmark.Workload w =
                MotifDetectBenchmark.workload(200, 128, 31, 20_000, 0.05, 1L);
        final MotifKernel kernel = w.kernel();
        Path dir = null;
        try {
            dir = Files.createTempDirectory("neurostream-peer-");
            write(dir.resolve("ids.i32"), w.input().ids());
            write(dir.resolve("bins.i64"), w.input().bins());
            write(dir.resolve("kernel.f32"), kernel.toDense());
            write(dir.resolve("bias.f32"), kernel.biases());
            return run(
                    python,
                    List.of(
                            "motif",
                            "--device",
                            device,
                            "--seconds",
                            Double.toString(seconds),
                            "--workload",
                            dir.toString(),
                            "--motifs",
                            Integer.toString(kernel.motifs()),
                            "--addresses",
                            Integer.toString(kernel.addresses()),
                            "--delays",
                            Integer.toString(kernel.delays()),
                            "--threshold",
                            Double.toString(w.threshold()),
                            "--batch",
                            batches.stream()
                                    .map(String::valueOf)
                                    .collect(Collectors.joining(","))));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(dir, WORKLOAD_FILES);
        }
    }

    /** Runs the script with {@code args}; the outcome of what it printed. */
    static Outcome run(final String python, final List<String> args) {
        Path script = null;
        try {
            script = Files.createTempFile("torch_peer", ".py");
            try (InputStream in = TorchPeer.class.getResourceAsStream(SCRIPT)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource " + SCRIPT);
                }
                Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
            }
            final List<String> command = new ArrayList<>(List.of(python, script.toString()));
            command.addAll(args);
            final Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (final IOException e) {
                return new Outcome(
                        "no " + python + " to run the peer (" + e.getMessage() + ")",
                        null,
                        List.of());
            }
            final List<String> lines = new ArrayList<>();
            try (BufferedReader r =
                    new BufferedReader(
                            new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Outcome(
                        "the peer ran longer than " + TIMEOUT_SECONDS + " s", null, List.of());
            }
            return parse(lines, p.exitValue());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome("interrupted", null, List.of());
        } finally {
            if (script != null) {
                delete(null, script.toString());
            }
        }
    }

    /** The outcome of the script's output lines and exit status. */
    static Outcome parse(final List<String> lines, final int exitStatus) {
        String device = null;
        final List<Figure> figures = new ArrayList<>();
        for (final String line : lines) {
            final String[] parts = line.split("\t");
            final Map<String, String> fields = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                final int eq = parts[i].indexOf('=');
                if (eq > 0) {
                    fields.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
                }
            }
            switch (parts[0]) {
                case "skip" -> {
                    return new Outcome(
                            fields.getOrDefault("reason", "no reason given"), null, List.of());
                }
                case "device" ->
                        device =
                                String.format(
                                        Locale.ROOT,
                                        "%s (torch %s, CUDA %s)",
                                        fields.get("name"),
                                        fields.get("torch"),
                                        fields.get("cuda"));
                case "bandpower", "motif" -> figures.add(new Figure(parts[0], fields));
                default -> {
                    // anything else (a warning of a library) is not a figure
                }
            }
        }
        if (exitStatus != 0 || device == null) {
            final String tail = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
            return new Outcome(
                    "the peer failed (exit " + exitStatus + "): " + tail, null, List.of());
        }
        return new Outcome(null, device, figures);
    }

    private static void write(final Path file, final int[] values) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asIntBuffer().put(values);
        Files.write(file, b.array());
    }

    private static void write(final Path file, final long[] values) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        Files.write(file, b.array());
    }

    private static void write(final Path file, final float[] values) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        Files.write(file, b.array());
    }

    /**
     * Deletes the named files of {@code dir}, then the folder (or, with no folder, the files named
     * by their paths); never throws.
     */
    private static void delete(final Path dir, final String... names) {
        try {
            for (final String name : names) {
                Files.deleteIfExists(dir == null ? Path.of(name) : dir.resolve(name));
            }
            if (dir != null) {
                Files.deleteIfExists(dir);
            }
        } catch (final IOException e) {
            // a temporary file left behind is no reason to fail a benchmark
        }
    }
}
