package org.neurostream.monitoring.dashboard;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class DashboardClientTest {

    @Test
    void shouldStartWithAFullState() {
        final DashboardClient client = new DashboardClient(4);
        assertTrue(client.needsFullState());
        assertFalse(client.needsFullState(), "asked once");
    }

    @Test
    void shouldDropQueuedUpdatesAndAskForAFullStateWhenBehind() throws InterruptedException {
        final DashboardClient client = new DashboardClient(2);
        client.needsFullState();
        assertTrue(client.offer(new byte[] {1}));
        assertTrue(client.offer(new byte[] {2}));
        assertFalse(client.offer(new byte[] {3}));
        assertEquals(3, client.dropped());
        assertTrue(client.needsFullState());
        assertNull(client.take(10), "the full state replaces what was queued");
        assertTrue(client.offer(new byte[] {4}));
        assertArrayEquals(new byte[] {4}, client.take(10));
    }

    @Test
    void shouldNeverWaitWhenNobodyReads() {
        final DashboardClient client = new DashboardClient(16);
        final long start = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
            client.offer(new byte[8]);
        }
        assertTrue(System.nanoTime() - start < 2_000_000_000L, "100 000 offers took over 2 s");
        assertTrue(client.dropped() >= 100_000 - 16);
    }

    @Test
    void shouldWakeItsWriterWhenClosed() throws InterruptedException {
        final DashboardClient client = new DashboardClient(4);
        client.close();
        assertTrue(client.isClosed());
        assertNull(client.take(5_000));
        assertFalse(client.offer(new byte[1]));
    }
}
