package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.neurostream.monitoring.alerts.AlertRules;
import org.neurostream.operators.compute.BackendKind;
import org.neurostream.operators.spectral.BandPowerOptions;

/** One configuration, built one way: defaults from JobOptions, values checked in build(). */
class JobConfigTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));

    @Test
    void shouldTakeEveryDefaultFromTheOptions() {
        final JobConfig c = JobConfig.builder().build();
        assertEquals(JobOptions.PARALLELISM.defaultValue(), c.parallelism());
        assertEquals(JobOptions.BACKEND.defaultValue(), c.computeBackend());
        assertEquals(JobOptions.DELIVERY.defaultValue(), c.delivery());
        assertEquals(JobOptions.CHANNEL_GROUP.defaultValue(), c.channelGroupText());
        assertEquals(0, c.channelGroupSize());
        assertEquals(JobOptions.CHECKPOINT_INTERVAL.defaultValue(), c.checkpointInterval());
        assertEquals(JobOptions.CHECKPOINT_UNALIGNED.defaultValue(), c.checkpointUnaligned());
        assertEquals(JobOptions.RESTART_ATTEMPTS.defaultValue(), c.restartAttempts());
        assertEquals(JobOptions.BUFFER_TIMEOUT.defaultValue(), c.bufferTimeout());
        assertEquals(JobOptions.TRANSACTIONAL_ID_PREFIX.defaultValue(), c.transactionalIdPrefix());
        assertTrue(
                c.checkpointDirectory().contains("neurostream-checkpoints"),
                c.checkpointDirectory());
        assertNull(c.modelJson());
        assertNull(c.alertRules());
    }

    @Test
    void shouldReadAFlinkConfigurationByKey() {
        final JobConfig c =
                JobConfig.fromConfiguration(
                        Configuration.fromMap(
                                Map.of(
                                        "neurostream.parallelism", "3",
                                        "neurostream.delivery", "exactly-once",
                                        "neurostream.backend", "cpu",
                                        "neurostream.checkpoint-interval", "500 ms",
                                        "neurostream.checkpoint-unaligned", "true",
                                        "neurostream.model",
                                                HOME.resolve(
                                                                "replay-data/models/rest-vs-imagery.json")
                                                        .toString())));
        assertEquals(3, c.parallelism());
        assertEquals(DeliveryMode.EXACTLY_ONCE, c.delivery());
        assertEquals(BackendKind.CPU, c.computeBackend());
        assertEquals(Duration.ofMillis(500), c.checkpointInterval());
        assertTrue(c.checkpointUnaligned());
        assertTrue(c.toBuilder().build().checkpointUnaligned());
        assertEquals("rest-vs-imagery.json", c.modelName());
        assertTrue(c.modelJson().contains("\"kind\""));
    }

    @Test
    void shouldKeepTheDefaultBandPowerSettingsWhenNoWindowOptionIsGiven() {
        final BandPowerOptions given =
                new BandPowerOptions(2.0, 0.25, 1024 / 30_000.0, "constant", "rect", "a:1-4");
        assertSame(given, JobConfig.builder().bandPower(given).build().bandPower());
        assertSame(
                given,
                JobConfig.builder().bandPower(given).build().toBuilder().build().bandPower());
        final BandPowerOptions defaults = JobConfig.builder().build().bandPower();
        assertEquals(2.0, defaults.windowSeconds);
        assertEquals(0.25, defaults.hopSeconds);
        assertEquals(0.0, defaults.segmentSeconds);
    }

    @Test
    void shouldReadTheBandPowerWindowHopAndSegmentByKey() {
        final BandPowerOptions given =
                new BandPowerOptions(2.0, 0.25, 1024 / 30_000.0, "constant", "rect", "a:1-4")
                        .withAveraging(3.0);
        final BandPowerOptions b =
                JobConfig.builder()
                        .bandPower(given)
                        .configure(
                                Map.of(),
                                Map.of(
                                        "neurostream.band-window", "4s",
                                        "neurostream.band-hop", "256ms",
                                        "neurostream.band-segment", "500ms"))
                        .build()
                        .bandPower();
        assertEquals(4.0, b.windowSeconds);
        assertEquals(0.256, b.hopSeconds);
        assertEquals(0.5, b.segmentSeconds);
        assertEquals(7680, b.hopSamples(30_000));
        assertEquals("a:1-4", b.bands);
        assertEquals(3.0, b.averagingSeconds);
    }

    @Test
    void shouldRejectABandHopOfZeroAndASegmentLongerThanTheWindow() {
        assertEquals(
                "--band-hop must be a duration above 0",
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.builder().bandHop(Duration.ZERO).build())
                        .getMessage());
        assertEquals(
                "--band-segment must be at most --band-window (2s), not 3s",
                assertThrows(
                                JobConfigException.class,
                                () ->
                                        JobConfig.builder()
                                                .bandSegment(Duration.ofSeconds(3))
                                                .build())
                        .getMessage());
        assertEquals(
                "--band-segment must be a duration of 0 or more",
                assertThrows(
                                JobConfigException.class,
                                () ->
                                        JobConfig.builder()
                                                .bandSegment(Duration.ofMillis(-1))
                                                .build())
                        .getMessage());
    }

    @Test
    void shouldReadChannelGroupsAsACountOrAuto() {
        final JobConfig auto =
                JobConfig.fromConfiguration(
                        Configuration.fromMap(Map.of("neurostream.channel-group", "auto")));
        assertTrue(auto.autoChannelGroups());
        assertEquals(JobConfig.AUTO_CHANNEL_GROUPS, auto.channelGroupSize());
        assertEquals("auto", auto.channelGroupText());
        final JobConfig fixed = JobConfig.builder().channelGroups("24").build();
        assertEquals(24, fixed.channelGroupSize());
        assertEquals("24", fixed.channelGroupText());
        assertEquals(
                "--channel-group must be a channel count of 0 (whole streams) or more, or auto,"
                        + " not wide",
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.builder().channelGroups("wide"))
                        .getMessage());
    }

    @Test
    void shouldSayWhichValueIsWrong() {
        assertEquals(
                "--parallelism must be at least 1, not 0",
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.builder().parallelism(0).build())
                        .getMessage());
        assertEquals(
                "--channel-group must be 0 (whole streams) or more, or auto, not -2",
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.builder().channelGroupSize(-2).build())
                        .getMessage());
        assertEquals(
                "--checkpoint-interval must be a duration of 0 or more",
                assertThrows(
                                JobConfigException.class,
                                () ->
                                        JobConfig.builder()
                                                .checkpointInterval(Duration.ofSeconds(-1))
                                                .build())
                        .getMessage());
    }

    @Test
    void shouldTakeTheBatchWaitOfTheOpenClBandPowerFromTheConfigurationAndRefuseANegativeOne() {
        assertEquals(Duration.ofMillis(20), JobConfig.builder().build().batchWait());
        assertEquals(
                Duration.ofMillis(5),
                JobConfig.fromConfiguration(
                                Configuration.fromMap(Map.of("neurostream.batch-wait", "5 ms")))
                        .batchWait());
        assertEquals(
                "--batch-wait must be a duration of 0 or more",
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.builder().batchWait(Duration.ofMillis(-1)).build())
                        .getMessage());
    }

    @Test
    void shouldNameAModelFileThatIsNotThere() {
        final Path none = HOME.resolve("no-such-model.json");
        assertTrue(
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.builder().modelFile(none).build())
                        .getMessage()
                        .contains("no-such-model.json"));
    }

    @Test
    void shouldRefuseAlertRulesOnABandTheJobDoesNotCompute() {
        final AlertRules rules =
                AlertRules.parse(
                        "{\"rules\": [{\"name\": \"hf\", \"kind\": \"feature\", \"severity\":"
                                + " \"info\", \"field\": \"band_power\", \"band\": \"high_gamma\","
                                + " \"op\": \"above\", \"threshold\": 1}]}",
                        "r.json");
        assertTrue(
                assertThrows(
                                JobConfigException.class,
                                () -> JobConfig.builder().alertRules(rules).build())
                        .getMessage()
                        .contains("the job computes no band \"high_gamma\""));
    }

    @Test
    void shouldDeriveAConfigurationThatKeepsWhatItDoesNotChange() {
        final JobConfig a =
                JobConfig.builder().parallelism(4).delivery(DeliveryMode.EXACTLY_ONCE).build();
        final JobConfig b = a.toBuilder().checkpointInterval(Duration.ZERO).build();
        assertEquals(4, b.parallelism());
        assertEquals(DeliveryMode.EXACTLY_ONCE, b.delivery());
        assertEquals(Duration.ZERO, b.checkpointInterval());
    }
}
