package org.neurostream.deploy.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.neurostream.deploy.cluster.ClusterConfig;

/**
 * Writes a self-contained folder that runs one NeuroStream command on a machine with a GPU and no
 * JDK: {@code payload.tar.xz} holding a Java runtime made with {@code jlink} and a reduced jar
 * holding only what the command loads (and, for the job, the sample sessions), and {@code run.sh},
 * which unpacks the payload once, finds the vendor's OpenCL driver and runs the command (see {@code
 * bundle/bundle-env.sh}).
 *
 * <p>What the command loads is measured, not guessed: the command runs here first, from the full
 * command-line jar, under {@link ClassTrace} (every class and resource it takes from the jar) and
 * {@code -Xlog:class+load} (the JDK modules it uses, and the classes Flink loads from the RPC jar
 * it unpacks). The reduced jar keeps those classes and resources, every class of a package one of
 * them belongs to (so that a path the trace did not take, such as a fallback, still finds its
 * classes), the providers named by the service files it keeps, and the JOCL native libraries;
 * Flink's RPC jar inside it is reduced the same way. The runtime holds the modules the trace used
 * and those {@code jdeps} finds the reduced jar needs (English locale data only), stripped of debug
 * attributes, headers and man pages. The jar's entries are stored, not deflated, and the whole
 * payload is packed with xz (gzip where there is no xz): xz over the plain runtime and classes
 * packs them to about half of what jlink's and the jar's own compression give.
 */
public final class GpuBundle {

    /** What the bundle runs. */
    public enum Kind {
        /** {@code bench --backend opencl} with the figures of the GPU issue. */
        BENCH,
        /** {@code record} and {@code replay --backend opencl} on a journal. */
        JOB
    }

    /**
     * How to build a bundle.
     *
     * @param kind what it runs
     * @param out the folder to write (made or emptied of the bundle's files)
     * @param jar the full command-line jar ({@code deploy/target/neurostream-cli.jar})
     * @param home the NeuroStream folder (its {@code replay-data} feeds the job's trace and bundle)
     * @param maxBytes the most the folder may hold; more fails the build
     * @param log where progress goes, one line a step
     */
    public record Settings(
            Kind kind, Path out, Path jar, Path home, long maxBytes, PrintWriter log) {}

    /**
     * What was built.
     *
     * @param out the folder
     * @param files each of the bundle's files ({@link #files}) and its size in bytes
     * @param bytes their total, what the limit is checked against
     * @param classes classes in the reduced jar
     * @param modules the runtime's modules
     */
    public record Report(
            Path out, Map<String, Long> files, long bytes, int classes, List<String> modules) {
        /**
         * What {@code gpu-bundle} prints when done: one line per file over 100 kB, then the
         * folder's total against the limit of {@code maxMb} (MB of 10^6 bytes).
         */
        public List<String> summary(final double maxMb) {
            final List<String> lines = new ArrayList<>();
            for (final Map.Entry<String, Long> f : files.entrySet()) {
                if (f.getValue() > 100_000) {
                    lines.add(
                            String.format(
                                    Locale.ROOT,
                                    "gpu-bundle: %-28s %6.1f MB",
                                    f.getKey(),
                                    f.getValue() / 1e6));
                }
            }
            lines.add(
                    String.format(
                            Locale.ROOT,
                            "gpu-bundle: %s: %.1f MB in %d files (limit %.1f MB); run it with"
                                    + " %s/run.sh",
                            out,
                            bytes / 1e6,
                            files.size(),
                            maxMb,
                            out));
            return lines;
        }
    }

    /** The default limit: the folder must travel with a checkout within 64 MiB. */
    public static final long DEFAULT_MAX_BYTES = 45L * 1000 * 1000;

    /** The bench bundle's run without arguments: the GPU issue's figures in one call. */
    public static final List<String> BENCH_ARGS =
            List.of(
                    "bench",
                    "--backend",
                    "opencl",
                    "--only",
                    "bandpower,motif",
                    "--skip-process",
                    "--probes",
                    "1,10",
                    "--motif-batch",
                    "8192,65536",
                    "--profile",
                    "--peer");

    /** The replay-data files the job bundle records and replays with. */
    static final List<String> JOB_DATA =
            List.of(
                    "replay-data/eeg/S001R01.edf",
                    "replay-data/eeg/S001R04.edf",
                    "replay-data/dvs/moving-bars.raw",
                    "replay-data/calcium/synthetic-gcamp.npy",
                    "replay-data/models/rest-vs-imagery.json",
                    "replay-data/models/moving-bars.json",
                    "replay-data/models/moving-bars.kernel.npy",
                    "replay-data/models/moving-bars.bias.npy",
                    "replay-data/models/calcium-bursts.json",
                    "replay-data/models/calcium-bursts.kernel.npy",
                    "replay-data/models/calcium-bursts.bias.npy");

    static final String JAR = "neurostream-gpu.jar";
    static final String PAYLOAD = "payload.tar.xz";
    private static final String MAIN = "org.neurostream.deploy.cli.NeuroStreamCli";
    private static final String TRACER = ClassTrace.class.getName().replace('.', '/');
    private static final String RPC_JAR = "flink-rpc-akka.jar";
    private static final Pattern CLASS_LOAD =
            Pattern.compile("\\[class,load\\] (\\S+) source: (\\S+)");
    private static final long STEP_MINUTES = 15;

    private GpuBundle() {}

    /**
     * The settings of a bundle of {@code kind} into {@code dir} from {@code jar} (null: the jar
     * this class runs from), checked before anything is built.
     *
     * @throws IllegalArgumentException with a one-line reason when there is no jar to reduce, or
     *     the job bundle's {@code home} holds no {@code replay-data}
     */
    public static Settings settings(
            final Kind kind,
            final Path dir,
            final Path jar,
            final Path home,
            final double maxMb,
            final PrintWriter log) {
        final Path source = jar != null ? jar : runningJar();
        if (kind == Kind.JOB && !Files.isDirectory(home.resolve("replay-data"))) {
            throw new IllegalArgumentException(
                    "no replay-data in "
                            + home
                            + " (set NEUROSTREAM_HOME to the NeuroStream folder)");
        }
        return new Settings(kind, dir.toAbsolutePath(), source, home, (long) (maxMb * 1e6), log);
    }

    /** The jar this class runs from: the launcher's neurostream-cli.jar. */
    private static Path runningJar() {
        final Path p;
        try {
            p =
                    Path.of(
                            GpuBundle.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!Files.isRegularFile(p)) {
            throw new IllegalArgumentException(
                    "not running from a jar ("
                            + p
                            + "): give the command-line jar with --jar"
                            + " deploy/target/neurostream-cli.jar");
        }
        return p;
    }

    /**
     * Builds the bundle.
     *
     * @throws BundleException when a tool fails, the traced command fails, or the folder ends up
     *     larger than the limit (its files are then left for a look)
     */
    public static Report build(final Settings s) throws IOException, InterruptedException {
        if (!Files.isRegularFile(s.jar())) {
            throw new BundleException("no command-line jar at " + s.jar());
        }
        final Path work = Files.createTempDirectory("neurostream-bundle-");
        try {
            final Trace trace = trace(s, work);
            s.log()
                    .printf(
                            Locale.ROOT,
                            "gpu-bundle: traced %d classes, %d resources, modules %s%n",
                            trace.classes.size(),
                            trace.resources.size(),
                            trace.modules);
            Files.createDirectories(s.out());
            for (final String stale : files(s.kind())) {
                Files.deleteIfExists(s.out().resolve(stale));
            }
            final Path payload = Files.createDirectories(work.resolve("payload"));
            final Path jar = payload.resolve(JAR);
            final int classes = reduceJar(s.jar(), jar, trace);
            final Set<String> modules = new TreeSet<>(trace.modules);
            modules.addAll(jdeps(jar, work));
            modules.add("java.base");
            s.log()
                    .printf(
                            "gpu-bundle: %s: %d classes; runtime modules %s%n",
                            JAR, classes, modules);
            runtime(modules, work, payload.resolve("runtime"));
            if (s.kind() == Kind.JOB) {
                for (final String f : JOB_DATA) {
                    final Path target = payload.resolve(f);
                    Files.createDirectories(target.getParent());
                    Files.copy(s.home().resolve(f), target);
                }
            }
            pack(payload, s.out().resolve(PAYLOAD), work, s.log());
            scripts(s);
            final Report report = report(s.out(), s.kind(), classes, new ArrayList<>(modules));
            if (report.bytes() > s.maxBytes()) {
                throw new BundleException(
                        String.format(
                                Locale.ROOT,
                                "%s holds %.1f MB, more than the %.1f MB allowed: %s",
                                s.out(),
                                report.bytes() / 1e6,
                                s.maxBytes() / 1e6,
                                report.files()));
            }
            return report;
        } finally {
            deleteTree(work);
        }
    }

    /** A build failure with a one-line reason. */
    public static final class BundleException extends IOException {
        private static final long serialVersionUID = 1L;

        BundleException(final String message) {
            super(message);
        }
    }

    /** What the traced runs took from the jar and the JDK. */
    private static final class Trace {
        final Set<String> classes = new TreeSet<>();
        final Set<String> resources = new TreeSet<>();
        final Set<String> modules = new TreeSet<>();
        final Set<String> rpcClasses = new TreeSet<>();
    }

    /** Runs the bundle's commands here under the trace. */
    private static Trace trace(final Settings s, final Path work)
            throws IOException, InterruptedException {
        final Path tracer = work.resolve("tracer");
        try (JarFile jar = new JarFile(s.jar().toFile())) {
            final ZipEntry entry = jar.getEntry(TRACER + ".class");
            if (entry == null) {
                throw new BundleException(s.jar() + " holds no " + TRACER + ".class");
            }
            final Path target = tracer.resolve(TRACER + ".class");
            Files.createDirectories(target.getParent());
            try (InputStream in = jar.getInputStream(entry)) {
                Files.copy(in, target);
            }
        }
        final Path tmp = Files.createDirectories(work.resolve("tmp"));
        final Path names = work.resolve("trace.txt");
        final Trace trace = new Trace();
        int run = 0;
        for (final List<String> args : traceCommands(s.kind(), s.home(), work)) {
            final Path classLog = work.resolve("classes-" + run++ + ".log");
            final List<String> command = new ArrayList<>();
            command.add(javaTool("java"));
            command.addAll(ClusterConfig.jvmFlags());
            command.addAll(
                    List.of(
                            "-Xshare:off",
                            "-Xlog:class+load=info:file=" + classLog,
                            "-Djava.io.tmpdir=" + tmp,
                            "-Djava.system.class.loader=" + ClassTrace.class.getName(),
                            "-Dneurostream.trace.jar=" + s.jar().toAbsolutePath(),
                            "-Dneurostream.trace.out=" + names,
                            "-cp",
                            tracer.toString(),
                            MAIN));
            command.addAll(args);
            s.log().println("gpu-bundle: tracing neurostream " + String.join(" ", args));
            final Path output = work.resolve("run-" + run + ".out");
            final ProcessBuilder pb =
                    new ProcessBuilder(command)
                            .redirectErrorStream(true)
                            .redirectOutput(output.toFile());
            pb.environment().put("NEUROSTREAM_HOME", s.home().toString());
            final int status = waitFor(pb.start(), "the traced run");
            if (status != 0) {
                throw new BundleException(
                        "the traced run of neurostream "
                                + String.join(" ", args)
                                + " failed (exit "
                                + status
                                + "): "
                                + tail(output));
            }
            for (final String line : Files.readAllLines(classLog, StandardCharsets.UTF_8)) {
                final Matcher m = CLASS_LOAD.matcher(line);
                if (!m.find()) {
                    continue;
                }
                final String source = m.group(2);
                if (source.startsWith("jrt:/")) {
                    trace.modules.add(source.substring(5));
                } else if (source.contains(RPC_JAR.replace(".jar", ""))) {
                    trace.rpcClasses.add(m.group(1));
                }
            }
        }
        for (final String line : Files.readAllLines(names, StandardCharsets.UTF_8)) {
            if (line.startsWith("class ")) {
                trace.classes.add(line.substring(6));
            } else if (line.startsWith("resource ")) {
                trace.resources.add(line.substring(9));
            }
        }
        return trace;
    }

    /** The runs the trace takes: those the bundle's run.sh makes by default, on small inputs. */
    private static List<List<String>> traceCommands(
            final Kind kind, final Path home, final Path work) {
        if (kind == Kind.BENCH) {
            // the bundle's own run, on the smaller batch sizes: the same classes, a shorter trace
            final List<String> bench = new ArrayList<>(BENCH_ARGS);
            bench.set(bench.indexOf("--probes") + 1, "1");
            bench.set(bench.indexOf("--motif-batch") + 1, "8192");
            return List.of(bench);
        }
        final Path journal = work.resolve("journal");
        final List<String> record = new ArrayList<>(List.of("record", "--input"));
        for (final String f : JOB_DATA.subList(0, 4)) {
            record.add(home.resolve(f).toString());
        }
        record.addAll(List.of("--journal", journal.toString(), "--speed", "max"));
        final List<String> replay =
                List.of(
                        "replay",
                        "--journal",
                        journal.toString(),
                        "--backend",
                        "opencl",
                        // as run-job.sh: the descriptors run on the CPU alone
                        "-D",
                        "neurostream.descriptors=false",
                        "--model",
                        home.resolve(JOB_DATA.get(4)).toString(),
                        "--motif-model",
                        home.resolve(JOB_DATA.get(5)).toString(),
                        "--calcium-motif-model",
                        home.resolve(JOB_DATA.get(8)).toString(),
                        "--out",
                        work.resolve("out").toString());
        return List.of(record, replay);
    }

    /**
     * Writes the reduced jar: the traced classes and resources, their packages' other classes, the
     * service providers of the kept service files, the JOCL natives, a manifest; Flink's RPC jar
     * reduced alike. Returns the number of classes.
     */
    private static int reduceJar(final Path source, final Path target, final Trace trace)
            throws IOException {
        final Set<String> packages = new TreeSet<>();
        for (final String c : trace.classes) {
            packages.add(packageDir(c.replace('.', '/')));
        }
        final Set<String> providers = new TreeSet<>();
        int classes = 0;
        try (JarFile jar = new JarFile(source.toFile());
                JarOutputStream out =
                        new JarOutputStream(Files.newOutputStream(target), manifest())) {
            // stored: the payload's xz packs plain classes across files far better than deflate
            for (final String resource : trace.resources) {
                if (resource.startsWith("META-INF/services/")) {
                    final ZipEntry e = jar.getEntry(resource);
                    if (e != null) {
                        for (final String line :
                                new String(read(jar, e), StandardCharsets.UTF_8).split("\n")) {
                            final String name = line.replaceAll("#.*", "").trim();
                            if (!name.isEmpty()) {
                                providers.add(name.replace('.', '/') + ".class");
                            }
                        }
                    }
                }
            }
            final Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                final JarEntry e = entries.nextElement();
                final String name = e.getName();
                if (e.isDirectory() || name.equals(JarFile.MANIFEST_NAME)) {
                    continue;
                }
                final String path = versionless(name);
                final boolean isClass = path.endsWith(".class");
                final boolean keep =
                        isClass
                                ? packages.contains(packageDir(path))
                                        || providers.contains(path)
                                        || trace.resources.contains(path)
                                : trace.resources.contains(path) || isJoclNative(path);
                if (!keep) {
                    continue;
                }
                byte[] bytes = read(jar, e);
                if (path.equals(RPC_JAR) && !trace.rpcClasses.isEmpty()) {
                    bytes = reduceInnerJar(bytes, trace.rpcClasses);
                }
                out.putNextEntry(stored(name, bytes, e.getTime()));
                out.write(bytes);
                out.closeEntry();
                if (isClass && !name.startsWith("META-INF/versions/")) {
                    classes++;
                }
            }
        }
        return classes;
    }

    /**
     * Flink's RPC jar (Pekko and Scala, which Flink unpacks and loads in a class loader of its own)
     * with only the classes the trace loaded from it, their packages' others and every resource.
     */
    private static byte[] reduceInnerJar(final byte[] jar, final Set<String> loaded)
            throws IOException {
        final Set<String> packages = new TreeSet<>();
        for (final String c : loaded) {
            packages.add(packageDir(c.replace('.', '/')));
        }
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(jar.length / 2);
        try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(jar));
                JarOutputStream out = new JarOutputStream(bytes)) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                final String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                final String path = versionless(name);
                if (path.endsWith(".class") && !packages.contains(packageDir(path))) {
                    continue;
                }
                final byte[] content = in.readAllBytes();
                out.putNextEntry(stored(name, content, e.getTime()));
                out.write(content);
                out.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    /** The modules {@code jdeps} finds the jar's classes need. */
    private static List<String> jdeps(final Path jar, final Path work)
            throws IOException, InterruptedException {
        final Path output = work.resolve("jdeps.out");
        final Process p =
                new ProcessBuilder(
                                javaTool("jdeps"),
                                "--ignore-missing-deps",
                                "--multi-release",
                                "17",
                                "--print-module-deps",
                                jar.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        final int status = waitFor(p, "jdeps");
        final List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
        if (status != 0 || lines.isEmpty()) {
            throw new BundleException("jdeps failed (exit " + status + "): " + tail(output));
        }
        final String last = lines.get(lines.size() - 1).trim();
        return Arrays.stream(last.split(",")).map(String::trim).filter(m -> !m.isEmpty()).toList();
    }

    /**
     * jlink's image of the modules in {@code image}, without debug attributes, headers and man
     * pages, its JVM library stripped of its symbol table where {@code strip} exists.
     */
    private static void runtime(final Set<String> modules, final Path work, final Path image)
            throws IOException, InterruptedException {
        final List<String> jlink =
                new ArrayList<>(
                        List.of(
                                javaTool("jlink"),
                                "--add-modules",
                                String.join(",", modules),
                                "--strip-debug",
                                "--no-header-files",
                                "--no-man-pages",
                                "--compress=0",
                                "--output",
                                image.toString()));
        if (modules.contains("jdk.localedata")) {
            // the code formats with Locale.ROOT; the other locales' data is most of the module
            jlink.add("--include-locales=en");
        }
        exec(work, "jlink", jlink);
        final Path libjvm = image.resolve("lib/server/libjvm.so");
        if (Files.isRegularFile(libjvm) && onPath("strip")) {
            exec(work, "strip", List.of("strip", "--strip-unneeded", libjvm.toString()));
        }
    }

    /** Packs the folder's content as a tar with xz (gzip where there is no xz). */
    private static void pack(
            final Path folder, final Path target, final Path work, final PrintWriter log)
            throws IOException, InterruptedException {
        final boolean xz = onPath("xz");
        log.println("gpu-bundle: packing the payload with " + (xz ? "xz" : "gzip"));
        exec(
                work,
                "tar",
                List.of(
                        "bash",
                        "-c",
                        "set -o pipefail; tar -C \"$1\" -cf - . | "
                                + (xz ? "xz -6 -T0" : "gzip -9")
                                + " > \"$2\"",
                        "pack",
                        folder.toString(),
                        target.toString()));
    }

    /** run.sh, bundle-env.sh (the JVM flags of the root pom filled in), and the peer script. */
    private static void scripts(final Settings s) throws IOException {
        final Path run = s.out().resolve("run.sh");
        Files.writeString(
                run,
                filled(resource(s.kind() == Kind.BENCH ? "run-bench.sh" : "run-job.sh")),
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(
                s.out().resolve("bundle-env.sh"),
                filled(resource("bundle-env.sh")),
                StandardCharsets.UTF_8);
        if (s.kind() == Kind.BENCH) {
            try (InputStream in = GpuBundle.class.getResourceAsStream("/bench/torch_peer.py")) {
                Files.copy(
                        in, s.out().resolve("torch_peer.py"), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static String filled(final String template) {
        return template.replace("@JAVA_FLAGS@", String.join(" ", ClusterConfig.jvmFlags()))
                .replace("@DEFAULT_ARGS@", String.join(" ", BENCH_ARGS));
    }

    /**
     * The files a bundle of {@code kind} consists of: all the build writes and all the limit
     * counts. Whatever else the folder holds (the payload {@code run.sh} unpacked there, which it
     * unpacks again from a newer {@code payload.tar.xz}) is neither removed nor counted.
     */
    static List<String> files(final Kind kind) {
        return kind == Kind.BENCH
                ? List.of(PAYLOAD, "run.sh", "bundle-env.sh", "torch_peer.py")
                : List.of(PAYLOAD, "run.sh", "bundle-env.sh");
    }

    /** The bundle's files in {@code out} and their sizes. */
    static Report report(
            final Path out, final Kind kind, final int classes, final List<String> modules)
            throws IOException {
        final Map<String, Long> files = new LinkedHashMap<>();
        long total = 0;
        for (final String name : files(kind)) {
            final Path p = out.resolve(name);
            if (Files.isRegularFile(p)) {
                final long size = Files.size(p);
                files.put(name, size);
                total += size;
            }
        }
        return new Report(out, files, total, classes, modules);
    }

    /** A stored (not deflated) entry for {@code bytes}. */
    private static JarEntry stored(final String name, final byte[] bytes, final long time) {
        final JarEntry e = new JarEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        final CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        e.setTime(time);
        return e;
    }

    private static Manifest manifest() {
        final Manifest m = new Manifest();
        final Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.put(Attributes.Name.MAIN_CLASS, MAIN);
        a.put(Attributes.Name.MULTI_RELEASE, "true");
        a.putValue("Add-Opens", "java.base/java.lang.reflect java.base/sun.nio.ch");
        a.putValue("Add-Exports", "java.base/jdk.internal.ref java.base/jdk.internal.misc");
        return m;
    }

    /** {@code a/b/C.class} of {@code META-INF/versions/11/a/b/C.class}; others as they are. */
    private static String versionless(final String name) {
        if (name.startsWith("META-INF/versions/")) {
            final int slash = name.indexOf('/', "META-INF/versions/".length());
            return slash < 0 ? name : name.substring(slash + 1);
        }
        return name;
    }

    private static String packageDir(final String path) {
        final int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }

    /** JOCL's native libraries (JOCL unpacks them once per machine, so a trace may not see it). */
    private static boolean isJoclNative(final String path) {
        return path.startsWith("lib/") && path.contains("JOCL_") && path.contains("linux");
    }

    private static byte[] read(final JarFile jar, final ZipEntry e) throws IOException {
        try (InputStream in = jar.getInputStream(e)) {
            return in.readAllBytes();
        }
    }

    private static String resource(final String name) throws IOException {
        try (InputStream in = GpuBundle.class.getResourceAsStream("/bundle/" + name)) {
            if (in == null) {
                throw new BundleException("missing resource /bundle/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** A tool of the JDK this JVM runs on (jlink and jdeps are not in every runtime). */
    private static String javaTool(final String name) {
        final Path tool = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(tool) ? tool.toString() : name;
    }

    private static boolean onPath(final String tool) {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void exec(final Path work, final String what, final List<String> command)
            throws IOException, InterruptedException {
        final Path output = work.resolve(what + ".out");
        final Process p =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start();
        final int status = waitFor(p, what);
        if (status != 0) {
            throw new BundleException(what + " failed (exit " + status + "): " + tail(output));
        }
    }

    private static int waitFor(final Process p, final String what)
            throws InterruptedException, BundleException {
        if (!p.waitFor(STEP_MINUTES, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new BundleException(what + " ran longer than " + STEP_MINUTES + " minutes");
        }
        return p.exitValue();
    }

    /** The last lines of a command's output, for messages. */
    private static String tail(final Path output) {
        try {
            final List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (final IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Deletes the build's scratch folder (made here, holding only what the build wrote). */
    private static void deleteTree(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (final Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
