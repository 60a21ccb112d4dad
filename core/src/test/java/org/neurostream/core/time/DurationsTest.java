package org.neurostream.core.time;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void shouldReadPlainNumbersAsSeconds() {
        assertEquals(Duration.ofSeconds(20), Durations.parse("20"));
        assertEquals(Duration.ofMillis(2500), Durations.parse("2.5"));
    }

    @Test
    void shouldReadUnits() {
        assertEquals(Duration.ofSeconds(20), Durations.parse("20s"));
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(2), Durations.parse("2m"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h"));
        assertEquals(Duration.ofSeconds(3), Durations.parse(" 3 S "));
    }

    @Test
    void shouldRefuseTextThatIsNoDurationWithExamples() {
        final IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Durations.parse("ten seconds"));
        assertEquals(
                "'ten seconds' is not a duration (examples: 20, 20s, 500ms, 2m)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("-5s"));
    }
}
