package org.neurostream.deploy.bundle;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A system class loader that loads a jar and writes down every class it defines from the jar and
 * every resource it finds there, so that {@link GpuBundle} can keep exactly those in a reduced jar.
 * The JVM makes it the system class loader with {@code
 * -Djava.system.class.loader=org.neurostream.deploy.bundle.ClassTrace} while the class path holds
 * only this class; the jar is {@code -Dneurostream.trace.jar=FILE}, and the names go, one a line
 * ({@code class a.b.C} or {@code resource a/b/c.txt}), to {@code -Dneurostream.trace.out=FILE},
 * written as they are found (a process that exits without its shutdown hooks loses nothing).
 *
 * <p>It must load with the JDK alone: it depends on nothing else of this project.
 */
public final class ClassTrace extends URLClassLoader {
    static {
        ClassLoader.registerAsParallelCapable();
    }

    private final PrintStream out;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** Made by the JVM with the application class loader as parent. */
    public ClassTrace(final ClassLoader parent) {
        super(new URL[] {jar()}, parent);
        try {
            out =
                    new PrintStream(
                            new FileOutputStream(required("neurostream.trace.out"), true),
                            true,
                            StandardCharsets.UTF_8);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Class<?> findClass(final String name) throws ClassNotFoundException {
        final Class<?> c = super.findClass(name);
        record("class " + name);
        return c;
    }

    @Override
    public URL findResource(final String name) {
        final URL url = super.findResource(name);
        if (url != null) {
            record("resource " + name);
        }
        return url;
    }

    @Override
    public Enumeration<URL> findResources(final String name) throws IOException {
        final List<URL> found = Collections.list(super.findResources(name));
        if (!found.isEmpty()) {
            record("resource " + name);
        }
        return Collections.enumeration(new ArrayList<>(found));
    }

    /** For agents and tools that append to the system class path; the trace needs no more. */
    void appendToClassPathForInstrumentation(final String path) {
        try {
            addURL(Path.of(path).toUri().toURL());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void record(final String line) {
        if (seen.add(line)) {
            out.println(line);
        }
    }

    private static URL jar() {
        try {
            return Path.of(required("neurostream.trace.jar")).toUri().toURL();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String required(final String property) {
        final String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("-D" + property + "=FILE is required");
        }
        return value;
    }
}
