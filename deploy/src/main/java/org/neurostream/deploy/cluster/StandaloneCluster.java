package org.neurostream.deploy.cluster;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A standalone Flink session cluster on this host: a JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and TaskManagers ({@code TaskManagerRunner}), each its own
 * background JVM started from one class path, with config, pid files and logs in the cluster
 * folder. The JVMs outlive the process that started them; {@link #attach} finds them again from the
 * folder, {@link #stop} ends them.
 */
public final class StandaloneCluster {
    /** Host every cluster JVM binds to: the cluster is local to this machine. */
    public static final String HOST = "127.0.0.1";

    private static final String STATE = "cluster.properties";
    private static final long POLL_MS = 200;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path dir;
    private final int restPort;
    private final String classpath;

    private StandaloneCluster(final Path dir, final int restPort, final String classpath) {
        this.dir = dir;
        this.restPort = restPort;
        this.classpath = classpath;
    }

    /**
     * Writes the configuration, starts the JobManager and the TaskManagers, and returns once the
     * REST endpoint lists all of them.
     *
     * @throws IOException when a cluster already runs in the folder, a JVM cannot start, or the
     *     cluster is not up within the spec's timeout (the message names the log to read)
     */
    public static StandaloneCluster start(final ClusterSpec spec) throws IOException {
        final Path dir = spec.dir().toAbsolutePath();
        if (Files.exists(dir.resolve(STATE))) {
            final StandaloneCluster old = attach(dir);
            if (old.jobManagerPid().isPresent()) {
                throw new IOException(
                        "a cluster already runs in "
                                + dir
                                + " (REST "
                                + old.restAddress()
                                + "); stop it first");
            }
            old.stop();
        }
        Files.createDirectories(dir.resolve("log"));
        Files.createDirectories(dir.resolve("run"));
        final int rpcPort = freePort();
        final int restPort = freePort();
        final ClusterSpec absolute =
                new ClusterSpec(
                        dir,
                        spec.taskManagers(),
                        spec.slotsPerTaskManager(),
                        spec.classpath(),
                        spec.taskManagerMemory(),
                        spec.jobManagerMemory(),
                        spec.heartbeatInterval(),
                        spec.heartbeatTimeout(),
                        spec.startTimeout());
        final Map<String, String> entries = ClusterConfig.entries(absolute, rpcPort, restPort);
        ClusterConfig.write(dir.resolve("conf"), entries);
        final Properties state = new Properties();
        state.setProperty("rest.port", Integer.toString(restPort));
        state.setProperty("classpath", spec.classpath());
        try (OutputStream out = Files.newOutputStream(dir.resolve(STATE))) {
            state.store(out, "neurostream cluster");
        }
        final StandaloneCluster cluster = new StandaloneCluster(dir, restPort, spec.classpath());
        final long deadline = System.nanoTime() + spec.startTimeout().toNanos();
        try {
            cluster.launch(
                    "jobmanager",
                    ClusterConfig.jobManagerCommand(
                            java(),
                            spec.classpath(),
                            cluster.confDir(),
                            cluster.log("jobmanager")));
            for (int i = 0; i < spec.taskManagers(); i++) {
                cluster.startTaskManager();
            }
            cluster.awaitTaskManagers(spec.taskManagers(), deadline);
        } catch (IOException | RuntimeException e) {
            cluster.stop();
            throw e;
        }
        return cluster;
    }

    /**
     * The cluster whose folder is {@code dir}, as {@link #start} left it.
     *
     * @throws IOException when no cluster was started there
     */
    public static StandaloneCluster attach(final Path dir) throws IOException {
        final Path abs = dir.toAbsolutePath();
        final Path file = abs.resolve(STATE);
        if (!Files.exists(file)) {
            throw new IOException("no cluster in " + abs + " (start one with: cluster start)");
        }
        final Properties state = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            state.load(in);
        }
        return new StandaloneCluster(
                abs,
                Integer.parseInt(state.getProperty("rest.port")),
                state.getProperty("classpath"));
    }

    /**
     * What {@code cluster start} does: starts {@code taskManagers} TaskManagers of {@code slots}
     * slots and {@code tmMemory} each in {@code dir}, from {@code classpath} (null: this JVM's,
     * {@link #selfClasspath}), and returns its {@link #startedLine}.
     */
    public static String start(
            final Path dir,
            final int taskManagers,
            final int slots,
            final String tmMemory,
            final String classpath)
            throws IOException {
        final ClusterSpec spec =
                ClusterSpec.defaults(
                                dir, taskManagers, classpath != null ? classpath : selfClasspath())
                        .withSlots(slots)
                        .withTaskManagerMemory(tmMemory);
        final long t0 = System.nanoTime();
        return start(spec).startedLine(taskManagers, slots, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The line {@code cluster start} prints: {@code cluster: started rest=HOST:PORT taskmanagers=N
     * slots=N in S s (dir DIR)}, with the start's {@code seconds}.
     */
    public String startedLine(final int taskManagers, final int slots, final double seconds) {
        return String.format(
                Locale.ROOT,
                "cluster: started rest=%s taskmanagers=%d slots=%d in %.1f s (dir %s)",
                restAddress(),
                taskManagers,
                taskManagers * slots,
                seconds,
                dir());
    }

    /** The cluster folder. */
    public Path dir() {
        return dir;
    }

    /** The REST port of the JobManager (web UI and job submission). */
    public int restPort() {
        return restPort;
    }

    /** {@code http://host:port} of the REST endpoint. */
    public String restAddress() {
        return "http://" + HOST + ":" + restPort;
    }

    /** A client of the REST endpoint. */
    public ClusterRest rest() {
        return new ClusterRest(HOST, restPort);
    }

    /** The log file of a cluster JVM, e.g. "jobmanager" or "taskmanager-0". */
    public Path log(final String name) {
        return dir.resolve("log").resolve(name + ".log");
    }

    /** The pid of the JobManager, if it is alive. */
    public Optional<Long> jobManagerPid() throws IOException {
        return alivePid(pidFile("jobmanager"));
    }

    /** The pids of the TaskManagers started so far, by index; -1 for one that is not alive. */
    public List<Long> taskManagerPids() throws IOException {
        final List<Long> out = new ArrayList<>();
        for (int i = 0; Files.exists(pidFile("taskmanager-" + i)); i++) {
            out.add(alivePid(pidFile("taskmanager-" + i)).orElse(-1L));
        }
        return out;
    }

    /**
     * Starts one more TaskManager JVM (it registers itself with the JobManager) and returns its
     * index.
     */
    public int startTaskManager() throws IOException {
        final int index = taskManagerPids().size();
        final String name = "taskmanager-" + index;
        launch(name, ClusterConfig.taskManagerCommand(java(), classpath, confDir(), log(name)));
        return index;
    }

    /**
     * Kills TaskManager {@code index} with SIGKILL, as a crash would: no goodbye to the cluster.
     */
    public void killTaskManager(final int index) throws IOException {
        final Optional<Long> pid = alivePid(pidFile("taskmanager-" + index));
        if (pid.isEmpty()) {
            throw new IOException("TaskManager " + index + " is not running");
        }
        final ProcessHandle p = ProcessHandle.of(pid.get()).orElseThrow();
        p.destroyForcibly();
        p.onExit().join();
    }

    /**
     * Waits until the REST endpoint lists {@code count} TaskManagers.
     *
     * @throws IOException at the deadline ({@link System#nanoTime}), naming the logs to read
     */
    public void awaitTaskManagers(final int count, final long deadlineNanos) throws IOException {
        final ClusterRest rest = rest();
        int seen = -1;
        while (System.nanoTime() < deadlineNanos) {
            if (jobManagerPid().isEmpty()) {
                throw new IOException(
                        "the JobManager exited during start; see " + log("jobmanager") + ".out");
            }
            if (rest.reachable()) {
                seen = rest.taskManagers().size();
                if (seen >= count) {
                    return;
                }
            }
            sleep(POLL_MS);
        }
        throw new IOException(
                (seen < 0
                                ? "the JobManager's REST endpoint "
                                        + restAddress()
                                        + " never answered"
                                : seen + " of " + count + " TaskManagers registered")
                        + " in time; see the logs in "
                        + dir.resolve("log"));
    }

    /**
     * Ends every cluster JVM (SIGTERM, SIGKILL after 10 s) and removes the pid and state files;
     * logs and configuration stay for reading.
     */
    public void stop() throws IOException {
        final List<ProcessHandle> running = new ArrayList<>();
        final List<Path> pidFiles;
        try (Stream<Path> s = Files.list(dir.resolve("run"))) {
            pidFiles = s.filter(p -> p.toString().endsWith(".pid")).toList();
        } catch (java.nio.file.NoSuchFileException e) {
            Files.deleteIfExists(dir.resolve(STATE));
            return;
        }
        for (final Path pf : pidFiles) {
            alivePid(pf).flatMap(ProcessHandle::of).ifPresent(running::add);
        }
        running.forEach(ProcessHandle::destroy);
        for (final ProcessHandle p : running) {
            try {
                p.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        }
        for (final Path pf : pidFiles) {
            Files.deleteIfExists(pf);
        }
        Files.deleteIfExists(dir.resolve(STATE));
    }

    private Path confDir() {
        return dir.resolve("conf");
    }

    private Path pidFile(final String name) {
        return dir.resolve("run").resolve(name + ".pid");
    }

    private void launch(final String name, final List<String> command) throws IOException {
        final List<String> cmd = new ArrayList<>();
        // its own session: a Ctrl-C in the terminal that ran "cluster start" does not reach it
        if (new File("/usr/bin/setsid").canExecute()) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.addAll(command);
        final Path out = dir.resolve("log").resolve(name + ".log.out");
        final Process p =
                new ProcessBuilder(cmd)
                        .directory(dir.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .redirectOutput(out.toFile())
                        .redirectErrorStream(true)
                        .start();
        Files.writeString(
                pidFile(name),
                p.pid() + " " + startInstant(p.toHandle()) + "\n",
                StandardCharsets.US_ASCII);
    }

    /**
     * The pid in {@code pidFile} if that process is alive and is the one started then (same start
     * instant), so a recycled pid is never taken for a cluster JVM.
     */
    private static Optional<Long> alivePid(final Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        final String[] f = Files.readString(pidFile, StandardCharsets.US_ASCII).trim().split(" ");
        final long pid = Long.parseLong(f[0]);
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(h -> f.length < 2 || f[1].equals(startInstant(h)))
                .map(h -> pid);
    }

    private static String startInstant(final ProcessHandle h) {
        return h.info().startInstant().map(i -> Long.toString(i.toEpochMilli())).orElse("?");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return s.getLocalPort();
        }
    }

    private static void sleep(final long ms) throws IOException {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the cluster", e);
        }
    }

    /**
     * The class path for cluster JVMs started from this process: the jar it runs from, or its own
     * class path when it runs from class folders (tests).
     */
    public static String selfClasspath() {
        try {
            final Path self =
                    Path.of(
                            StandaloneCluster.class
                                    .getProtectionDomain()
                                    .getCodeSource()
                                    .getLocation()
                                    .toURI());
            return Files.isRegularFile(self)
                    ? self.toString()
                    : System.getProperty("java.class.path");
        } catch (final java.net.URISyntaxException e) {
            return System.getProperty("java.class.path");
        }
    }

    /**
     * The {@code cluster status} lines: {@code cluster: rest=... jobmanager_pid=N taskmanagers=N
     * slots=N free_slots=N jobs_running=N flink=V}, then one {@code taskmanager: ID slots=N free=N}
     * and one {@code job: ID STATE NAME} each; empty when the cluster is not running.
     */
    public List<String> statusLines() throws IOException {
        final ClusterRest rest = rest();
        if (jobManagerPid().isEmpty() || !rest.reachable()) {
            return List.of();
        }
        final com.fasterxml.jackson.databind.JsonNode o = rest.overview();
        final List<String> lines = new java.util.ArrayList<>();
        lines.add(
                String.format(
                        java.util.Locale.ROOT,
                        "cluster: rest=%s jobmanager_pid=%d taskmanagers=%d slots=%d free_slots=%d"
                                + " jobs_running=%d flink=%s",
                        restAddress(),
                        jobManagerPid().get(),
                        o.path("taskmanagers").asInt(),
                        o.path("slots-total").asInt(),
                        o.path("slots-available").asInt(),
                        o.path("jobs-running").asInt(),
                        o.path("flink-version").asText()));
        for (final ClusterRest.TaskManager tm : rest.taskManagers()) {
            lines.add(
                    String.format(
                            "taskmanager: %s slots=%d free=%d",
                            tm.id(), tm.slots(), tm.freeSlots()));
        }
        for (final ClusterRest.Job j : rest.jobs()) {
            lines.add(String.format("job: %s %s %s", j.id(), j.state(), j.name()));
        }
        return lines;
    }
}
