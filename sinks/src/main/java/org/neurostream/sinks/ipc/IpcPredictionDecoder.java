package org.neurostream.sinks.ipc;

import static org.neurostream.sinks.ipc.IpcDescriptor.*;

import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * A flyweight over one prediction record (layout in {@link IpcDescriptor}): wrap it on each record
 * and read fields in place. The numeric getters allocate nothing; the String getters allocate, and
 * the offset and length getters give the strings' bytes for readers that must not.
 */
public final class IpcPredictionDecoder {
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private DirectBuffer buffer;
    private int offset;

    /**
     * Points this decoder at a record.
     *
     * @throws IllegalArgumentException if {@code length} is not that of a whole record
     */
    public IpcPredictionDecoder wrap(
            final DirectBuffer buffer, final int offset, final int length) {
        this.buffer = buffer;
        this.offset = offset;
        if (length < RECORD_FIXED_LENGTH
                || length
                        != RECORD_FIXED_LENGTH + streamIdLength() + modelLength() + labelLength()) {
            throw new IllegalArgumentException(
                    "not a whole IPC prediction record: " + length + " bytes");
        }
        return this;
    }

    /** The writer's count of predictions before this one, written or dropped. */
    public long sequence() {
        return buffer.getLong(offset + SEQUENCE_OFFSET, LE);
    }

    /**
     * The job's number of this prediction in its stream ({@code Prediction.seq}); a number at or
     * below the last one taken for the stream is a repeat after a recovery.
     */
    public long streamSeq() {
        return buffer.getLong(offset + STREAM_SEQ_OFFSET, LE);
    }

    /** Start of the feature interval, device ns. */
    public long startNs() {
        return buffer.getLong(offset + START_NS_OFFSET, LE);
    }

    /** End of the feature interval, device ns. */
    public long endNs() {
        return buffer.getLong(offset + END_NS_OFFSET, LE);
    }

    /** Ingest stamp of the newest frame it depends on, wall-clock ns. */
    public long ingestNs() {
        return buffer.getLong(offset + INGEST_NS_OFFSET, LE);
    }

    /** When the writer put it in the ring, wall-clock ns ({@code WallClock} of the writer). */
    public long emitNs() {
        return buffer.getLong(offset + EMIT_NS_OFFSET, LE);
    }

    /**
     * When the writer put it in the ring, on the host's monotonic clock: {@code System.nanoTime() -
     * emitMonotonicNs()} in any process on the same host is the latency from emission.
     */
    public long emitMonotonicNs() {
        return buffer.getLong(offset + EMIT_MONOTONIC_NS_OFFSET, LE);
    }

    /** Probability of class 1. */
    public double probability() {
        return buffer.getDouble(offset + PROBABILITY_OFFSET, LE);
    }

    public int streamIdLength() {
        return buffer.getShort(offset + STREAM_ID_LENGTH_OFFSET, LE) & 0xFFFF;
    }

    public int modelLength() {
        return buffer.getShort(offset + MODEL_LENGTH_OFFSET, LE) & 0xFFFF;
    }

    public int labelLength() {
        return buffer.getShort(offset + LABEL_LENGTH_OFFSET, LE) & 0xFFFF;
    }

    /** Offset in the buffer of the stream id's UTF-8 bytes. */
    public int streamIdOffset() {
        return offset + RECORD_FIXED_LENGTH;
    }

    /** Offset in the buffer of the model name's UTF-8 bytes. */
    public int modelOffset() {
        return streamIdOffset() + streamIdLength();
    }

    /** Offset in the buffer of the label's UTF-8 bytes. */
    public int labelOffset() {
        return modelOffset() + modelLength();
    }

    /** The stream id (allocates). */
    public String streamId() {
        return buffer.getStringWithoutLengthUtf8(streamIdOffset(), streamIdLength());
    }

    /** The model name (allocates). */
    public String model() {
        return buffer.getStringWithoutLengthUtf8(modelOffset(), modelLength());
    }

    /** The label (allocates). */
    public String label() {
        return buffer.getStringWithoutLengthUtf8(labelOffset(), labelLength());
    }
}
