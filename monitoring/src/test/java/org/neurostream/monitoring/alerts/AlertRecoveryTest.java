package org.neurostream.monitoring.alerts;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.records.BandPowerRecord;

/**
 * A recovery as Flink does it: rule states written by the serializer Flink checkpoints them with,
 * read back into a fresh evaluator, and the records after the checkpoint replayed. The alerts from
 * the checkpoint on are those of the run without a failure, ids included, so that a transactional
 * sink or a consumer keeping ids drops the repeats and none is lost.
 */
class AlertRecoveryTest {
    private static final AlertRules RULES =
            AlertRules.parse(
                    """
                    rules:
                      - {name: gamma-high, kind: feature, severity: warning, field: relative_power,
                         band: gamma, op: above, threshold: 0.3, for_seconds: 1}
                    """,
                    "recovery.yaml");

    @Test
    void shouldGiveTheSameAlertsAfterARestoreFromACheckpointInsideARun() throws Exception {
        final List<BandPowerRecord> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(record(i, i >= 8 && i <= 20 ? 0.5 : 0.1));
        }
        final List<String> uninterrupted = new ArrayList<>();
        final Map<String, RuleState> states = new HashMap<>();
        final List<Integer> alertAt = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            final int before = uninterrupted.size();
            feed(new AlertEvaluator(RULES), states, records.get(i), uninterrupted);
            if (uninterrupted.size() > before) {
                alertAt.add(i);
            }
        }
        assertEquals(List.of(12, 21), alertAt, "fires at record 12, resolves at 21");

        // checkpoint after record 10: the run is open (from record 8), not yet firing
        final Map<String, RuleState> live = new HashMap<>();
        final List<String> beforeCrash = new ArrayList<>();
        final AlertEvaluator first = new AlertEvaluator(RULES);
        for (int i = 0; i <= 10; i++) {
            feed(first, live, records.get(i), beforeCrash);
        }
        final Map<String, byte[]> checkpoint = snapshot(live);
        // records 11..15 processed (the alert fires at 12), then the task fails
        for (int i = 11; i <= 15; i++) {
            feed(first, live, records.get(i), beforeCrash);
        }
        assertEquals(1, beforeCrash.size());

        final Map<String, RuleState> restored = restore(checkpoint);
        final List<String> afterRestore = new ArrayList<>();
        final AlertEvaluator second = new AlertEvaluator(RULES);
        for (int i = 11; i < records.size(); i++) {
            feed(second, restored, records.get(i), afterRestore);
        }
        assertEquals(uninterrupted, afterRestore);
        // the alert fired before the crash is the replayed one, same id: a repeat, not a new one
        assertEquals(beforeCrash.get(0), afterRestore.get(0));
    }

    private static void feed(
            final AlertEvaluator evaluator,
            final Map<String, RuleState> states,
            final BandPowerRecord r,
            final List<String> out)
            throws Exception {
        evaluator.observe(
                AlertObservation.of(RULES, r),
                new AlertEvaluator.StateStore() {
                    @Override
                    public RuleState get(final String rule) {
                        return states.get(rule);
                    }

                    @Override
                    public void put(final String rule, final RuleState state) {
                        states.put(rule, state);
                    }
                },
                a ->
                        out.add(
                                a.id
                                        + " "
                                        + a.windowStartNs
                                        + "-"
                                        + a.windowEndNs
                                        + " "
                                        + a.evidenceCount
                                        + " "
                                        + java.util.Arrays.toString(a.evidence)
                                        + " "
                                        + a.reason));
    }

    private static TypeSerializer<RuleState> serializer() {
        return TypeInformation.of(RuleState.class).createSerializer(new SerializerConfigImpl());
    }

    private static Map<String, byte[]> snapshot(final Map<String, RuleState> states)
            throws Exception {
        final Map<String, byte[]> out = new HashMap<>();
        for (final Map.Entry<String, RuleState> e : states.entrySet()) {
            final DataOutputSerializer bytes = new DataOutputSerializer(256);
            serializer().serialize(e.getValue(), bytes);
            out.put(e.getKey(), bytes.getCopyOfBuffer());
        }
        return out;
    }

    private static Map<String, RuleState> restore(final Map<String, byte[]> checkpoint)
            throws Exception {
        final Map<String, RuleState> out = new HashMap<>();
        for (final Map.Entry<String, byte[]> e : checkpoint.entrySet()) {
            out.put(e.getKey(), serializer().deserialize(new DataInputDeserializer(e.getValue())));
        }
        return out;
    }

    private static BandPowerRecord record(final int i, final double gamma) {
        final BandPowerRecord r = new BandPowerRecord();
        r.kind = "bandpower";
        r.streamId = "S1/eeg";
        r.startNs = i * 250_000_000L;
        r.endNs = r.startNs + 2_000_000_000L;
        r.channels = 1;
        r.bands = new String[] {"gamma"};
        r.bandPower = new double[] {1};
        r.relativePower = new double[] {gamma};
        return r;
    }
}
