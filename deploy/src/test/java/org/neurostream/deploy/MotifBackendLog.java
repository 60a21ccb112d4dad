package org.neurostream.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * NeuroStream's log messages (INFO and up) while it is open, to show which backend the motif
 * detection of an in-process command or job really used: the line that {@code ComputeBackends}
 * writes for each backend it makes, and the warning of a device that failed.
 */
public final class MotifBackendLog implements AutoCloseable {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig config;
    private final AbstractAppender appender;

    private MotifBackendLog() {
        appender =
                new AbstractAppender("motif-backend-log", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(final LogEvent event) {
                        lines.add(event.getMessage().getFormattedMessage());
                    }
                };
        appender.start();
        config = context.getConfiguration().getLoggerConfig("org.neurostream");
        config.addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    /** Starts keeping the messages. */
    public static MotifBackendLog open() {
        return new MotifBackendLog();
    }

    /** The messages kept so far. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    /**
     * Asserts that a motif backend was made on OpenCL with suppression radius {@code radius} on the
     * host, and that no motif backend was refused the device or lost it.
     */
    public void assertMotifOnDeviceWithSuppression(final int radius) {
        final List<String> all = lines();
        assertTrue(
                all.stream()
                        .anyMatch(
                                l ->
                                        l.startsWith(
                                                        "motif backend: requested opencl, using opencl")
                                                && l.contains(
                                                        "suppression radius "
                                                                + radius
                                                                + " on the host")),
                "motif detection with suppression radius " + radius + " on the device: " + all);
        assertTrue(
                all.stream()
                        .noneMatch(
                                l ->
                                        l.startsWith("motif backend: requested opencl, using cpu")
                                                || l.contains("opencl motif detection failed")),
                all.toString());
    }

    @Override
    public void close() {
        config.removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
