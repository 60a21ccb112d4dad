package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.Modality;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.BandPowerRecord;
import org.neurostream.ingest.bridge.SampleFramer;
import org.neurostream.ingest.bridge.SampleSource;
import org.neurostream.ingest.flink.RawRecord;
import org.neurostream.monitoring.alerts.AlertRules;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.spectral.BandPowerOptions;
import org.neurostream.operators.spectral.WelchKernel;

/**
 * The alert rules inside the whole job on a Flink local environment: a synthetic EEG stream whose
 * gamma power jumps for 10 s raises one gamma alert, with the window the band-power kernel gives
 * offline, and one resolved alert when the jump ends; the rolling avalanche statistics and a
 * garbage record raise theirs.
 */
class AlertsIT {
    private static final int FS = 160;
    private static final int CHANNELS = 4;
    private static final int SECONDS = 40;
    private static final long PERIOD_NS = 6_250_000L;
    private static final double GAMMA_FROM_S = 20;
    private static final double GAMMA_TO_S = 30;
    private static final double THRESHOLD = 0.3;

    private static final String RULES =
            """
            rules:
              - name: gamma-high
                kind: feature
                severity: warning
                field: relative_power
                band: gamma
                op: above
                threshold: 0.3
                for_seconds: 2
              - name: branching
                kind: statistic
                severity: info
                field: branching_ratio
                max: -1
              - name: garbage
                kind: dead_letters
                severity: critical
                threshold_per_second: 0
            """;

    @Test
    void shouldRaiseAGammaAlertWithTheWindowOfTheJumpAndResolveItOnce() throws Exception {
        final float[][] signal = signal();
        final List<RawRecord> input = frames(signal);
        // garbage under the stream's key, after the samples: the job refuses it
        input.add(
                new RawRecord(
                        Modality.EEG.rawTopic(),
                        0,
                        input.size(),
                        "synthetic/eeg".getBytes(StandardCharsets.UTF_8),
                        "not a frame".getBytes(StandardCharsets.UTF_8)));

        final JobConfig options =
                JobConfig.builder()
                        .computeBackend(BackendKind.CPU)
                        .alertRules(AlertRules.parse(RULES, "it.yaml"))
                        .build();
        final String run = "alerts-it-" + System.nanoTime();
        // plain byte arrays, which serialize with the generator; records are made from them
        final ArrayList<byte[]> values = new ArrayList<>();
        input.forEach(r -> values.add(r.value));
        final NeuroStreamJob job =
                new NeuroStreamJob(
                        new DataGeneratorSource<>(
                                i ->
                                        new RawRecord(
                                                Modality.EEG.rawTopic(),
                                                0,
                                                i,
                                                "synthetic/eeg".getBytes(StandardCharsets.UTF_8),
                                                values.get(Math.toIntExact(i))),
                                values.size(),
                                TypeInformation.of(RawRecord.class)),
                        JobSinks.builder()
                                .bandPower(new CollectingSink<BandPowerRecord>(run + "/features"))
                                .deadLetters(new CollectingSink<>(run + "/dead"))
                                .avalanches(
                                        new CollectingSink<AvalancheRecord>(run + "/avalanches"))
                                .alerts(new CollectingSink<AlertRecord>(run + "/alerts"))
                                .build(),
                        options);
        final Configuration config = new Configuration();
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        final StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(config);
        job.build(env);
        env.execute("alerts-it");

        final List<BandPowerRecord> features = CollectingSink.got(run + "/features");
        final List<AlertRecord> alerts = CollectingSink.got(run + "/alerts");
        // 40 s: first record at 2 s, then every 0.25 s
        assertEquals((SECONDS * FS - 2 * FS) / 40 + 1, features.size());

        // offline: the job's kernel on the same samples gives each record's mean relative gamma
        final WelchKernel kernel = new WelchKernel(BandPowerOptions.defaults().welchConfig(FS));
        final double[] power = new double[CHANNELS * 5];
        final double[] relative = new double[CHANNELS * 5];
        int first = -1;
        int last = -1;
        for (int k = 0; k < features.size(); k++) {
            kernel.bandPowers(signal, k * 40, 2 * FS, power, relative);
            double mean = 0;
            for (int c = 0; c < CHANNELS; c++) {
                mean += relative[c * 5 + 4] / CHANNELS;
            }
            if (mean > THRESHOLD) {
                first = first < 0 ? k : first;
                last = k;
            }
        }
        // the jump is seen once the window holds about half a second of it, and until its end
        assertTrue(first > 0 && first * 0.25 + 2 > GAMMA_FROM_S, "first " + first);
        assertTrue(first * 0.25 + 2 < GAMMA_FROM_S + 1.5, "first " + first);
        assertTrue(last * 0.25 + 2 > GAMMA_TO_S && last * 0.25 < GAMMA_TO_S, "last " + last);

        final List<AlertRecord> gamma =
                alerts.stream().filter(a -> a.rule.equals("gamma-high")).toList();
        assertEquals(2, gamma.size(), "one firing, one resolved: " + gamma.size());
        final AlertRecord firing = gamma.get(0);
        assertEquals(AlertRecord.FIRING, firing.status);
        assertEquals("synthetic/eeg", firing.streamId);
        assertEquals("device", firing.timeBase);
        // from the first window above the threshold to 2 s (8 hops) after its end
        assertEquals(first * 40 * PERIOD_NS, firing.windowStartNs);
        assertEquals((first * 40 + 2 * FS) * PERIOD_NS + 2_000_000_000L, firing.windowEndNs);
        assertEquals(firing.windowEndNs, firing.raisedAtNs);
        assertEquals(9, firing.evidenceCount);
        assertTrue(firing.evidenceMin > THRESHOLD, firing.reason);
        final AlertRecord resolved = gamma.get(1);
        assertEquals(AlertRecord.RESOLVED, resolved.status);
        assertEquals(firing.windowStartNs, resolved.windowStartNs);
        assertEquals((last * 40 + 2 * FS) * PERIOD_NS, resolved.windowEndNs);
        assertEquals(last - first + 1, resolved.evidenceCount);
        assertTrue(resolved.value <= THRESHOLD);

        // statistics every 10 s of device time: the first one with a branching ratio fires, once
        final List<AlertRecord> branching =
                alerts.stream().filter(a -> a.rule.equals("branching")).toList();
        final List<AvalancheRecord> stats =
                CollectingSink.<AvalancheRecord>got(run + "/avalanches").stream()
                        .filter(a -> "avalanche_stats".equals(a.kind) && a.branchingRatio != null)
                        .toList();
        assertFalse(stats.isEmpty(), "no statistics with a branching ratio");
        assertEquals(1, branching.size());
        assertEquals(stats.get(0).endNs, branching.get(0).raisedAtNs);
        assertEquals(stats.get(0).branchingRatio, branching.get(0).value);
        assertEquals(-1.0, branching.get(0).threshold);

        final List<AlertRecord> garbage =
                alerts.stream().filter(a -> a.rule.equals("garbage")).toList();
        assertEquals(1, garbage.size());
        assertEquals("*", garbage.get(0).streamId);
        assertTrue(
                garbage.get(0).reason.contains("key synthetic/eeg: truncated"),
                garbage.get(0).reason);
    }

    /**
     * Four channels of white noise (sd 1) and a 10 Hz sine (amplitude 3), with a 38 Hz sine
     * (amplitude 3) from 20 s to 30 s: mean relative gamma about 0.04 without it, 0.5 with it.
     */
    private static float[][] signal() {
        final Random random = new Random(7);
        final float[][] x = new float[CHANNELS][SECONDS * FS];
        for (int c = 0; c < CHANNELS; c++) {
            for (int s = 0; s < x[c].length; s++) {
                final double t = (double) s / FS;
                final double gamma =
                        t >= GAMMA_FROM_S && t < GAMMA_TO_S
                                ? 3 * Math.sin(2 * Math.PI * 38 * t + c)
                                : 0;
                x[c][s] =
                        (float)
                                (random.nextGaussian()
                                        + 3 * Math.sin(2 * Math.PI * 10 * t + c)
                                        + gamma);
            }
        }
        return x;
    }

    /** The bridge's frames of the signal, 8 samples each, as raw records of neuro.raw.eeg. */
    private static List<RawRecord> frames(final float[][] signal) throws Exception {
        final SampleFramer framer =
                new SampleFramer(new ArraySource(signal), Modality.EEG, "synthetic", "eeg", 8);
        final List<RawRecord> out = new ArrayList<>();
        byte[] bytes;
        while ((bytes = framer.next()) != null) {
            out.add(
                    new RawRecord(
                            Modality.EEG.rawTopic(),
                            0,
                            out.size(),
                            framer.streamId().getBytes(StandardCharsets.UTF_8),
                            bytes));
        }
        return out;
    }

    /** A channel-major array as a sample source at {@link #FS}. */
    private static final class ArraySource implements SampleSource {
        private final float[][] x;
        private int at;

        ArraySource(final float[][] x) {
            this.x = x;
        }

        @Override
        public int channelCount() {
            return x.length;
        }

        @Override
        public double sampleRate() {
            return FS;
        }

        @Override
        public int read(final float[] dst, final int maxSamples) {
            final int n = Math.min(maxSamples, x[0].length - at);
            for (int s = 0; s < n; s++) {
                for (int c = 0; c < x.length; c++) {
                    dst[s * x.length + c] = x[c][at + s];
                }
            }
            at += n;
            return n;
        }

        @Override
        public void close() {}
    }
}
