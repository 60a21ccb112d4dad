package org.neurostream.sinks.ipc;

import org.agrona.BitUtil;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

/**
 * Layout of a NeuroStream IPC file, version 2: a fixed header, then an Agrona one-to-one ring
 * buffer whose records are predictions.
 *
 * <p>File layout:
 *
 * <pre>
 *   offset  size  field
 *        0     4  magic 'N','S','I','P' (little-endian int {@link #MAGIC})
 *        4     2  version ({@link #VERSION})
 *        6     2  header length in bytes ({@link #HEADER_LENGTH})
 *        8     4  ring capacity in bytes (a power of two; the trailer is not included)
 *       12     4  record type id of predictions ({@link #PREDICTION_TYPE_ID})
 *       16     8  pid of the process that created the file
 *       24     8  creation time (ns since the Unix epoch)
 *       32     8  predictions written into the ring (writer-owned, ordered store, native order)
 *       40     8  predictions dropped because the ring was full (writer-owned, ordered, native)
 *       48    80  reserved (0)
 *      128     .  ring: capacity bytes + {@link RingBufferDescriptor#TRAILER_LENGTH}
 * </pre>
 *
 * <p>Prediction record (the ring message body, type {@link #PREDICTION_TYPE_ID}), little-endian:
 *
 * <pre>
 *   offset  size  field
 *        0     8  sequence: the writer's count of predictions offered before this one, written
 *                 or dropped, so a reader sees a gap where the writer dropped
 *        8     8  start of the feature interval (device ns, event time)
 *       16     8  end of the feature interval (device ns, event time)
 *       24     8  ingest stamp of the newest frame it depends on (wall-clock ns)
 *       32     8  emission stamp: WallClock when the writer put it in the ring (wall-clock ns)
 *       40     8  probability of class 1 (float64)
 *       48     8  emission stamp on the host's monotonic clock (System.nanoTime, ns)
 *       56     8  the job's number of this prediction in its stream (Prediction.seq: 0, 1, 2...
 *                 from checkpointed state, so a prediction repeated after a recovery carries the
 *                 same number and a stimulator drops it)
 *       64     2  stream id length (bytes, unsigned)
 *       66     2  model name length (bytes, unsigned)
 *       68     2  label length (bytes, unsigned)
 *       70     2  reserved (0)
 *       72     .  stream id, model name, label (UTF-8, no terminators, no padding)
 * </pre>
 *
 * <p>Two emission stamps because they answer two questions. The wall-clock one lines up with the
 * ingest stamp (ingest to emission, in the writer's JVM). The monotonic one is what a reader in
 * another process subtracts from its own {@code System.nanoTime()}: on Linux both read
 * CLOCK_MONOTONIC, one clock for the whole host, whereas two JVMs' {@code WallClock} calibrations
 * differ by tens of microseconds, as much as the latency being measured.
 *
 * <p>A reader checks magic, version, header length and record type before it reads anything, so a
 * file that is not a NeuroStream IPC file, or one of another version, is refused by name.
 */
public final class IpcDescriptor {
    /** 'N','S','I','P' read as a little-endian int. */
    public static final int MAGIC = 0x5049534E;

    /** The version this code writes; it reads exactly this version. */
    public static final short VERSION = 2;

    public static final int MAGIC_OFFSET = 0;
    public static final int VERSION_OFFSET = 4;
    public static final int HEADER_LENGTH_OFFSET = 6;
    public static final int CAPACITY_OFFSET = 8;
    public static final int RECORD_TYPE_OFFSET = 12;
    public static final int PID_OFFSET = 16;
    public static final int CREATED_OFFSET = 24;
    public static final int WRITTEN_OFFSET = 32;
    public static final int DROPPED_OFFSET = 40;

    /** Header length; a multiple of the cache line so the ring starts aligned. */
    public static final int HEADER_LENGTH = 128;

    /** Ring message type id of a prediction record. */
    public static final int PREDICTION_TYPE_ID = 1;

    public static final int SEQUENCE_OFFSET = 0;
    public static final int START_NS_OFFSET = 8;
    public static final int END_NS_OFFSET = 16;
    public static final int INGEST_NS_OFFSET = 24;
    public static final int EMIT_NS_OFFSET = 32;
    public static final int PROBABILITY_OFFSET = 40;
    public static final int EMIT_MONOTONIC_NS_OFFSET = 48;
    public static final int STREAM_SEQ_OFFSET = 56;
    public static final int STREAM_ID_LENGTH_OFFSET = 64;
    public static final int MODEL_LENGTH_OFFSET = 66;
    public static final int LABEL_LENGTH_OFFSET = 68;

    /** Fixed part of a prediction record; the strings follow it. */
    public static final int RECORD_FIXED_LENGTH = 72;

    /** Longest string field in bytes (its length is an unsigned 16-bit field). */
    public static final int MAX_STRING_LENGTH = 0xFFFF;

    /** Default ring capacity: 1 MiB, about 10 k predictions of 100 bytes. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private IpcDescriptor() {}

    /**
     * Checks a ring capacity before any file is touched.
     *
     * @throws IllegalArgumentException when {@code capacity} is not a power of two of at least 1024
     *     bytes
     */
    public static void checkCapacity(final int capacity) {
        if (capacity < 1024 || !BitUtil.isPowerOfTwo(capacity)) {
            throw new IllegalArgumentException(
                    "IPC ring capacity must be a power of two of at least"
                            + " 1024 bytes: "
                            + capacity);
        }
    }

    /** File length for a ring of {@code capacity} bytes. */
    public static long fileLength(final int capacity) {
        return (long) HEADER_LENGTH + capacity + RingBufferDescriptor.TRAILER_LENGTH;
    }
}
