package org.neurostream.deploy.job;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what it gets in this JVM, under a name: for jobs on a local environment in
 * tests, whose operators run in the test's JVM.
 */
final class CollectingSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<Object>> GOT = new ConcurrentHashMap<>();

    private final String name;

    CollectingSink(final String name) {
        this.name = name;
        GOT.put(name, new ArrayList<>());
    }

    /** What the sink of {@code name} got so far, in arrival order. */
    @SuppressWarnings("unchecked")
    static <T> List<T> got(final String name) {
        final List<Object> list = GOT.get(name);
        synchronized (list) {
            return (List<T>) List.copyOf(list);
        }
    }

    @Override
    public SinkWriter<T> createWriter(final WriterInitContext context) {
        final List<Object> list = GOT.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(final T element, final Context c) {
                synchronized (list) {
                    list.add(element);
                }
            }

            @Override
            public void flush(final boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
