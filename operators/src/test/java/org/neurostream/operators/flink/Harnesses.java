package org.neurostream.operators.flink;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;

/**
 * Flink operator test harnesses for the functions of this module, with the operator's metrics
 * readable by name, and the records of an output described field by field so that two runs can be
 * compared record for record.
 */
final class Harnesses {
    private Harnesses() {}

    /** A keyed harness around {@code function}, keyed by {@code key}, its metrics intercepted. */
    static <I, O> KeyedOneInputStreamOperatorTestHarness<String, I, O> keyed(
            final KeyedProcessFunction<String, I, O> function, final KeySelector<I, String> key)
            throws Exception {
        final KeyedOneInputStreamOperatorTestHarness<String, I, O> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(function), key, Types.STRING, environment());
        return harness;
    }

    /** Makes the function under test anew, as a restore does. */
    @FunctionalInterface
    interface Factory<I, O> {
        KeyedProcessFunction<String, I, O> create();
    }

    /** An input element and its event timestamp (ms). */
    record Timed<I>(I value, long timestamp) {}

    /**
     * Runs {@code input} through a fresh function without a break, and again with a snapshot after
     * element {@code cut}, the rest going into a new function restored from it; returns what the
     * two runs emitted after the cut (main output, then each side output in order of the tags),
     * described record by record: equal lists mean the restore lost and repeated nothing.
     */
    @SafeVarargs
    static <I, O> List<List<String>> afterCut(
            final Factory<I, O> factory,
            final KeySelector<I, String> key,
            final List<Timed<I>> input,
            final int cut,
            final OutputTag<?>... tags)
            throws Exception {
        final List<List<String>> whole = new ArrayList<>();
        final int[] sizesAtCut = new int[tags.length + 1];
        try (KeyedOneInputStreamOperatorTestHarness<String, I, O> h =
                keyed(factory.create(), key)) {
            h.open();
            for (int i = 0; i < input.size(); i++) {
                if (i == cut) {
                    sizesAtCut[0] = output(h).size();
                    for (int t = 0; t < tags.length; t++) {
                        sizesAtCut[t + 1] = sideOutput(h, tags[t]).size();
                    }
                }
                h.processElement(input.get(i).value(), input.get(i).timestamp());
            }
            whole.add(output(h).subList(sizesAtCut[0], output(h).size()));
            for (int t = 0; t < tags.length; t++) {
                final List<String> side = sideOutput(h, tags[t]);
                whole.add(side.subList(sizesAtCut[t + 1], side.size()));
            }
        }
        final OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, I, O> h =
                keyed(factory.create(), key)) {
            h.open();
            for (int i = 0; i < cut; i++) {
                h.processElement(input.get(i).value(), input.get(i).timestamp());
            }
            snapshot = h.snapshot(1L, 1L);
        }
        final List<List<String>> resumed = new ArrayList<>();
        try (KeyedOneInputStreamOperatorTestHarness<String, I, O> h =
                keyed(factory.create(), key)) {
            h.initializeState(snapshot);
            h.open();
            for (int i = cut; i < input.size(); i++) {
                h.processElement(input.get(i).value(), input.get(i).timestamp());
            }
            resumed.add(output(h));
            for (final OutputTag<?> tag : tags) {
                resumed.add(sideOutput(h, tag));
            }
        }
        if (!whole.equals(resumed)) {
            for (int k = 0; k < whole.size(); k++) {
                final List<String> a = whole.get(k);
                final List<String> b = resumed.get(k);
                for (int j = 0; j < Math.max(a.size(), b.size()); j++) {
                    final String x = j < a.size() ? a.get(j) : "<none>";
                    final String y = j < b.size() ? b.get(j) : "<none>";
                    if (!x.equals(y)) {
                        throw new AssertionError(
                                "output "
                                        + k
                                        + " record "
                                        + j
                                        + " after a restore at element "
                                        + cut
                                        + ":\n uninterrupted: "
                                        + x
                                        + "\n restored:      "
                                        + y);
                    }
                }
            }
        }
        return whole;
    }

    /** The file of a test resource, such as {@code state/x.snapshot}. */
    static String resource(final String name) {
        final java.net.URL url = Harnesses.class.getResource("/" + name);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + name);
        }
        try {
            return java.nio.file.Path.of(url.toURI()).toString();
        } catch (final java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A mock task environment whose operator metrics land in an intercepting group. */
    static MockEnvironment environment() {
        return new MockEnvironmentBuilder().setMetricGroup(new MetricsOfTask()).build();
    }

    /** The counter {@code name} of the harness's operator. */
    static long counter(final OneInputStreamOperatorTestHarness<?, ?> harness, final String name) {
        final MetricsOfTask task = (MetricsOfTask) harness.getEnvironment().getMetricGroup();
        final Metric m = task.operator.get(name);
        if (m == null) {
            throw new AssertionError("no metric " + name);
        }
        return ((Counter) m).getCount();
    }

    /** The records of the main output, in order, described. */
    static List<String> output(final OneInputStreamOperatorTestHarness<?, ?> harness) {
        final List<String> out = new ArrayList<>();
        for (final Object o : harness.getOutput()) {
            if (o instanceof StreamRecord<?> r) {
                out.add(describe(r.getValue()));
            }
        }
        return out;
    }

    /** The records of a side output, in order, described. */
    static <X> List<String> sideOutput(
            final OneInputStreamOperatorTestHarness<?, ?> harness, final OutputTag<X> tag) {
        final List<String> out = new ArrayList<>();
        final var records = harness.getSideOutput(tag);
        if (records != null) {
            for (final StreamRecord<X> r : records) {
                out.add(describe(r.getValue()));
            }
        }
        return out;
    }

    /** Every public instance field of a record, arrays element by element; or its toString. */
    static String describe(final Object record) {
        if (record == null) {
            return "null";
        }
        final Class<?> type = record.getClass();
        if (type.getName().startsWith("java.")) {
            return record.toString();
        }
        final StringBuilder b = new StringBuilder(type.getSimpleName()).append('{');
        for (final Field f : type.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            try {
                final Object v = f.get(record);
                b.append(f.getName()).append('=').append(value(v)).append(';');
            } catch (final IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return b.append('}').toString();
    }

    private static String value(final Object v) {
        if (v == null || !v.getClass().isArray()) {
            return v instanceof Map<?, ?> m ? m.toString() : String.valueOf(v);
        }
        final StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < Array.getLength(v); i++) {
            b.append(i == 0 ? "" : ",").append(value(Array.get(v, i)));
        }
        return b.append(']').toString();
    }

    /** A task metric group whose operator group keeps its metrics by name. */
    private static final class MetricsOfTask
            extends UnregisteredMetricGroups.UnregisteredTaskMetricGroup {
        final InterceptingOperatorMetricGroup operator = new InterceptingOperatorMetricGroup();

        @Override
        public InternalOperatorMetricGroup getOrAddOperator(
                final OperatorID id, final String name, final Map<String, String> variables) {
            return operator;
        }
    }
}
