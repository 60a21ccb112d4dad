package org.neurostream.operators.flink;

import org.agrona.concurrent.UnsafeBuffer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.FrameRecord;

/**
 * A kernel run per stream (keyed by stream id) on the frames of the job: one keyed state of type
 * {@code S} per stream, the frame decoded once in place ({@link FrameDecoder} over the record's
 * bytes, nothing copied or allocated), and the end of the stream handled by {@link StreamExpiry}:
 * an end-of-stream frame, or the {@link IdleTimeout} of {@link #withIdleTimeout}, frees the state.
 * A subclass names its state ({@link #stateDescriptor}) and handles each frame ({@link #onFrame}).
 *
 * @param <S> the per-stream state
 * @param <O> the records the kernel emits
 * @param <F> the subclass itself, so that {@link #withIdleTimeout} returns it
 */
public abstract class KeyedKernelFunction<S, O, F extends KeyedKernelFunction<S, O, F>>
        extends KeyedProcessFunction<String, FrameRecord, O> {
    private static final long serialVersionUID = 1L;

    private IdleTimeout idleTimeout = IdleTimeout.NONE;
    private transient ValueState<S> state;
    private transient StreamExpiry expiry;
    private transient UnsafeBuffer buffer;
    private transient FrameDecoder decoder;

    /** Frees the state of streams that stop sending (none by default); call before the job runs. */
    @SuppressWarnings("unchecked")
    public final F withIdleTimeout(final IdleTimeout timeout) {
        this.idleTimeout = timeout;
        return (F) this;
    }

    /** The idle timeout set with {@link #withIdleTimeout}. */
    protected final IdleTimeout idleTimeout() {
        return idleTimeout;
    }

    /** The keyed state of every stream: its name (part of savepoints) and serializer. */
    protected abstract ValueStateDescriptor<S> stateDescriptor();

    /**
     * Handles one frame of the current key's stream, {@code frame} read through {@code decoder}.
     *
     * @return whether the frame counts for the stream's end ({@link StreamExpiry#afterFrame}: an
     *     end-of-stream frame frees the state, any other moves the stream's last activity); false
     *     for a frame the kernel does not take
     */
    protected abstract boolean onFrame(
            FrameRecord frame, FrameDecoder decoder, Context ctx, Collector<O> out)
            throws Exception;

    /** Sets up what the subclass needs besides the state (metrics, scratch); nothing by default. */
    protected void openKernel(final OpenContext context) {}

    /** The current key's state. */
    protected final ValueState<S> state() {
        return state;
    }

    @Override
    public final void open(final OpenContext context) throws Exception {
        state = getRuntimeContext().getState(stateDescriptor());
        expiry = new StreamExpiry(idleTimeout, getRuntimeContext(), state);
        buffer = new UnsafeBuffer(new byte[0]);
        decoder = new FrameDecoder();
        openKernel(context);
    }

    @Override
    public final void processElement(
            final FrameRecord frame, final Context ctx, final Collector<O> out) throws Exception {
        buffer.wrap(frame.bytes);
        decoder.wrap(buffer, 0);
        if (onFrame(frame, decoder, ctx, out)) {
            expiry.afterFrame(decoder, ctx.timerService());
        }
    }

    @Override
    public final void onTimer(
            final long timestamp, final OnTimerContext ctx, final Collector<O> out)
            throws Exception {
        expiry.onTimer(timestamp, ctx.timeDomain());
    }
}
