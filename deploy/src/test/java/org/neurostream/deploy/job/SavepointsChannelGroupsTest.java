package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A savepoint resumes only with the channel groups it was taken with: band power's keys. */
class SavepointsChannelGroupsTest {

    @Test
    void shouldRefuseToResumeAnAutomaticGroupSavepointAtAnotherParallelism() {
        final Savepoints.Descriptor saved = descriptor(JobConfig.AUTO_CHANNEL_GROUPS, 2);
        assertEquals(
                "sp: taken with --channel-group auto at parallelism 2, resumed at 4: the automatic"
                        + " channel groups follow the parallelism; resume with --parallelism 2",
                assertThrows(
                                JobConfigException.class,
                                () ->
                                        Savepoints.sameJob(
                                                "sp",
                                                saved,
                                                descriptor(JobConfig.AUTO_CHANNEL_GROUPS, 4)))
                        .getMessage());
        assertDoesNotThrow(
                () ->
                        Savepoints.sameJob(
                                "sp", saved, descriptor(JobConfig.AUTO_CHANNEL_GROUPS, 2)));
    }

    @Test
    void shouldNameAutoWhenTheChannelGroupsDiffer() {
        assertEquals(
                "sp: taken with --channel-group auto, resumed with 24: band power's state is kept"
                        + " per channel group; resume with --channel-group auto",
                assertThrows(
                                JobConfigException.class,
                                () ->
                                        Savepoints.sameJob(
                                                "sp",
                                                descriptor(JobConfig.AUTO_CHANNEL_GROUPS, 2),
                                                descriptor(24, 2)))
                        .getMessage());
        assertDoesNotThrow(() -> Savepoints.sameJob("sp", descriptor(24, 2), descriptor(24, 4)));
    }

    private static Savepoints.Descriptor descriptor(final int channelGroup, final int parallelism) {
        return Savepoints.Descriptor.of(
                Savepoints.Kind.CLUSTER,
                JobConfig.builder()
                        .channelGroupSize(channelGroup)
                        .parallelism(parallelism)
                        .build());
    }
}
