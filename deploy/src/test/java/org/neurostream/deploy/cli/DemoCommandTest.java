package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The demo's options that are refused before anything starts. */
class DemoCommandTest {

    @Test
    void shouldRefuseADeliveryModeItDoesNotKnowBeforeStartingAnything() {
        final CommandRun run = CommandRun.of("demo", "--delivery", "twice");
        assertEquals(2, run.exitCode());
        assertTrue(
                run.err().contains("--delivery': at-least-once or exactly-once, not 'twice'"),
                run.err());
        assertFalse(run.out().contains("starting the embedded Kafka broker"), run.out());
    }

    @Test
    void shouldTellABadDurationOptionInOneLine() {
        final CommandRun run = CommandRun.of("demo", "--duration", "soon");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("'soon' is not a duration"), run.err());
    }
}
