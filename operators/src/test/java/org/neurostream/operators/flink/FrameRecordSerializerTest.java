package org.neurostream.operators.flink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.neurostream.core.frame.FrameRecord;
import org.neurostream.core.frame.Modality;

class FrameRecordSerializerTest {

    @Test
    void shouldReadBackEveryFieldOfTheFramesItWrote() throws Exception {
        final FrameRecordSerializer serializer = new FrameRecordSerializer();
        final DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(new FrameRecord("s/eeg", 123_456_789L, Modality.EEG, bytes()), out);
        serializer.serialize(new FrameRecord("s/x", -1L, null), out);
        // stream id (4 + 5), device time (8), modality (1), length (4) + bytes (3), then the
        // second frame: 4 + 3, 8, 1, 4 (no bytes)
        assertEquals(4 + 5 + 8 + 1 + 4 + 3 + 4 + 3 + 8 + 1 + 4, out.length());

        final DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        final FrameRecord frame = serializer.deserialize(in);
        assertEquals("s/eeg", frame.streamId);
        assertEquals(123_456_789L, frame.deviceTimeNs);
        assertEquals(Modality.EEG, frame.modality);
        assertArrayEquals(bytes(), frame.bytes);
        final FrameRecord bare = serializer.deserialize(in);
        assertEquals("s/x", bare.streamId);
        assertEquals(-1L, bare.deviceTimeNs);
        assertNull(bare.modality);
        assertNull(bare.bytes);
        assertEquals(0, in.available());
    }

    @Test
    void shouldShareTheFrameBytesInACopy() {
        final FrameRecord frame = new FrameRecord("s/eeg", 7L, Modality.EEG, bytes());
        final FrameRecord copy = new FrameRecordSerializer().copy(frame);
        assertSame(frame.bytes, copy.bytes);
        assertEquals(frame.streamId, copy.streamId);
        assertEquals(frame.deviceTimeNs, copy.deviceTimeNs);
        assertEquals(frame.modality, copy.modality);
    }

    private static byte[] bytes() {
        return new byte[] {1, 2, 3};
    }
}
