package org.neurostream.core.frame;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.ByteOrder;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class FrameValidatorTest {
    private final FrameValidator validator = FrameValidator.withDefaultLimits();

    private String validate(final byte[] bytes) {
        return validator.validate(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    @Test
    void shouldAcceptWellFormedFrames() {
        assertNull(validate(FrameCodecTest.samplesFrame()));
        assertNull(validate(FrameCodecTest.eventsFrame()));
    }

    @Test
    void shouldRejectBytesShorterThanTheHeader() {
        assertEquals("truncated: 5 bytes, the header alone needs 64", validate("hello".getBytes()));
    }

    @Test
    void shouldRejectBadMagic() {
        final byte[] bytes = FrameCodecTest.samplesFrame();
        bytes[0] = 'X';
        assertTrue(validate(bytes).startsWith("bad magic"), validate(bytes));
    }

    @Test
    void shouldRejectANewerVersion() {
        final byte[] bytes = FrameCodecTest.samplesFrame();
        new UnsafeBuffer(bytes).putShort(4, (short) 2, ByteOrder.LITTLE_ENDIAN);
        assertEquals("unsupported frame version 2, this build reads 1", validate(bytes));
    }

    @Test
    void shouldRejectFrameWithTruncatedPayload() {
        final byte[] bytes = Arrays.copyOf(FrameCodecTest.samplesFrame(), 100);
        assertEquals("length field says 112 bytes but the record has 100", validate(bytes));
    }

    @Test
    void shouldRejectCountsThatDisagreeWithTheLength() {
        final byte[] bytes = FrameCodecTest.samplesFrame();
        new UnsafeBuffer(bytes).putInt(52, 3, ByteOrder.LITTLE_ENDIAN);
        assertEquals(
                "counts (3 channels, 3 elements) need 124 bytes but the frame has 112",
                validate(bytes));
    }

    @Test
    void shouldRejectCountsOverTheConfiguredLimits() {
        final FrameValidator strict = new FrameValidator(2, 100, 1 << 20);
        final byte[] bytes = FrameCodecTest.samplesFrame();
        assertEquals(
                "channel count 3 outside 1..2",
                strict.validate(new UnsafeBuffer(bytes), 0, bytes.length));
    }

    @Test
    void shouldRejectNegativeDeviceTimeAndNonPositivePeriod() {
        final byte[] bytes = FrameCodecTest.samplesFrame();
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        buffer.putLong(24, -1L, ByteOrder.LITTLE_ENDIAN);
        assertEquals("device time -1 ns is negative", validate(bytes));
        buffer.putLong(24, 0L, ByteOrder.LITTLE_ENDIAN);
        buffer.putLong(32, 0L, ByteOrder.LITTLE_ENDIAN);
        assertEquals("sample period 0 ns is not positive", validate(bytes));
    }

    @Test
    void shouldRejectDeviceTimesThatOverflow() {
        final byte[] bytes = FrameCodecTest.samplesFrame();
        new UnsafeBuffer(bytes).putLong(24, Long.MAX_VALUE - 1, ByteOrder.LITTLE_ENDIAN);
        assertTrue(validate(bytes).endsWith("overflows"), validate(bytes));
    }

    @Test
    void shouldRejectUnknownKindAndModality() {
        final byte[] bytes = FrameCodecTest.samplesFrame();
        bytes[6] = 9;
        assertEquals("unknown frame kind 9", validate(bytes));
        bytes[6] = 1;
        bytes[7] = 0;
        assertEquals("unknown modality 0", validate(bytes));
        bytes[7] = 6;
        assertEquals("unknown modality 6", validate(bytes));
    }

    @Test
    void shouldAcceptTheBehaviorModalityNowThatTheJobReadsIt() {
        final byte[] bytes = FrameCodecTest.samplesFrame();
        bytes[7] = Modality.BEHAVIOR.code();
        assertEquals(5, Modality.BEHAVIOR.code());
        assertFalse(Modality.BEHAVIOR.isReserved());
        assertNull(validate(bytes));
    }

    @Test
    void shouldIgnoreFlagBitsItDoesNotKnow() {
        final byte[] bytes = FrameCodecTest.samplesFrame();
        new UnsafeBuffer(bytes)
                .putInt(
                        FrameDescriptor.FLAGS_OFFSET,
                        0x8000_0000 | FrameDescriptor.FLAG_END_OF_STREAM,
                        ByteOrder.LITTLE_ENDIAN);
        assertNull(validate(bytes));
    }
}
