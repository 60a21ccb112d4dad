package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The test pattern as liblsl's sample.cpp makes it, for every format. */
class SampleDescriptorTest {
    @Test
    void shouldMakeLiblslsTestPatternValues() {
        // offset 4: float32 k + 4, alternating sign; int8 (k + 5) % 127; int16 (k + 261) % 32767;
        // int32 (k + 65541) % 2147483647; double64 k + 16777221; int64 k + 2147483653
        assertEquals(4.0, SampleDescriptor.testPatternDouble(ChannelFormat.FLOAT32, 0, 4));
        assertEquals(-5.0, SampleDescriptor.testPatternDouble(ChannelFormat.FLOAT32, 1, 4));
        assertEquals(16777221.0, SampleDescriptor.testPatternDouble(ChannelFormat.DOUBLE64, 0, 4));
        assertEquals(-16777222.0, SampleDescriptor.testPatternDouble(ChannelFormat.DOUBLE64, 1, 4));
        assertEquals(5, SampleDescriptor.testPatternLong(ChannelFormat.INT8, 0, 4));
        assertEquals(-6, SampleDescriptor.testPatternLong(ChannelFormat.INT8, 1, 4));
        assertEquals(0, SampleDescriptor.testPatternLong(ChannelFormat.INT8, 122, 4));
        assertEquals(261, SampleDescriptor.testPatternLong(ChannelFormat.INT16, 0, 4));
        assertEquals(65541, SampleDescriptor.testPatternLong(ChannelFormat.INT32, 0, 4));
        assertEquals(2147483653L, SampleDescriptor.testPatternLong(ChannelFormat.INT64, 0, 4));
        assertEquals(-2147483654L, SampleDescriptor.testPatternLong(ChannelFormat.INT64, 1, 4));
        assertEquals("10", SampleDescriptor.testPatternString(0));
        assertEquals("-11", SampleDescriptor.testPatternString(1));
    }

    @Test
    void shouldRecogniseItsOwnNumericTestPatternsAndNotOthers() {
        for (final ChannelFormat f : ChannelFormat.values()) {
            if (f == ChannelFormat.STRING) {
                continue;
            }
            final UnsafeBuffer b = new UnsafeBuffer(new byte[200]);
            final int n = SampleDescriptor.writeTestPattern(b, 0, f, 5, 4);
            assertEquals(SampleDescriptor.testPatternLength(f, 5, 4), n);
            assertEquals(SampleDescriptor.TAG_TRANSMITTED_TIMESTAMP, b.getByte(0));
            assertTrue(SampleDescriptor.isNumericTestPattern(b, 9, f, 5, 4), f.name());
            assertFalse(SampleDescriptor.isNumericTestPattern(b, 9, f, 5, 2), f.name());
        }
    }

    @Test
    void shouldWriteStringsWithOneOrFourLengthBytes() {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[400]);
        assertEquals(4, SampleDescriptor.writeString(b, 0, "ab"));
        assertEquals(1, b.getByte(0));
        assertEquals(2, b.getByte(1));
        final String longer = "x".repeat(300);
        assertEquals(305, SampleDescriptor.writeString(b, 0, longer));
        assertEquals(4, b.getByte(0));
        assertEquals(300, b.getInt(1, java.nio.ByteOrder.LITTLE_ENDIAN));
    }
}
