package org.neurostream.sinks.lsl;

import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the prediction outlets measure at each push, in microseconds, under a name that the process
 * running the job (the {@code live} command, whose Flink runs in its own JVM) reads: {@code in},
 * from the LSL time of a window's last sample (clock-corrected) to the push of its prediction on
 * the outlet; {@code front}, from that same LSL time to the ingest stamp of the frame that carried
 * the sample (what LSL and its bridge add before the pipeline's Kafka path). Recording is wait-free
 * (HdrHistogram's {@link Recorder}); each {@code take} hands over what was recorded since the last
 * one.
 */
public final class PushLatencies {
    private static final ConcurrentHashMap<String, PushLatencies> BY_NAME =
            new ConcurrentHashMap<>();

    private final Recorder in = new Recorder(3);
    private final Recorder front = new Recorder(3);

    private PushLatencies() {}

    /** The latencies recorded under {@code name} in this JVM (made on first use). */
    public static PushLatencies named(final String name) {
        return BY_NAME.computeIfAbsent(name, n -> new PushLatencies());
    }

    /** Forgets {@code name} (the run that read it is over). */
    public static void forget(final String name) {
        BY_NAME.remove(name);
    }

    /** Records one push: both latencies in microseconds (negative values count as 0). */
    public void record(final long inUs, final long frontUs) {
        in.recordValue(Math.max(0, inUs));
        front.recordValue(Math.max(0, frontUs));
    }

    /** The {@code in} latencies recorded since the last call. */
    public Histogram takeIn() {
        return in.getIntervalHistogram();
    }

    /** The {@code front} latencies recorded since the last call. */
    public Histogram takeFront() {
        return front.getIntervalHistogram();
    }
}
