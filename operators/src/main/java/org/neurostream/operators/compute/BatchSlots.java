package org.neurostream.operators.compute;

import java.util.Objects;

/**
 * The state of a band-power backend's slots (empty, filled, in flight) and the shape of each slot's
 * batch, with the checks that {@link BandPowerBackend}'s slot methods promise. Shared by the CPU
 * and OpenCL paths and the fallback that hands slots from one to the other.
 */
final class BatchSlots {
    private static final byte EMPTY = 0;
    private static final byte FILLED = 1;
    private static final byte IN_FLIGHT = 2;

    private final byte[] state;
    private final int[] channels;
    private final int[] lengths;

    BatchSlots(final int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1; got " + depth);
        }
        this.state = new byte[depth];
        this.channels = new int[depth];
        this.lengths = new int[depth];
    }

    int depth() {
        return state.length;
    }

    /** Records the shape of the slot's next batch (input was asked for). */
    void fill(final int slot, final int channelCount, final int length) {
        Objects.checkIndex(slot, state.length);
        if (channelCount < 0 || length < 0) {
            throw new IllegalArgumentException(
                    "channels and length must be >= 0; got " + channelCount + ", " + length);
        }
        if (state[slot] == IN_FLIGHT) {
            throw new IllegalStateException("slot " + slot + " has a batch in flight");
        }
        state[slot] = FILLED;
        channels[slot] = channelCount;
        lengths[slot] = length;
    }

    /** Marks the slot's batch in flight. */
    void submit(final int slot) {
        Objects.checkIndex(slot, state.length);
        if (state[slot] != FILLED) {
            throw new IllegalStateException(
                    "slot "
                            + slot
                            + (state[slot] == EMPTY
                                    ? " has no batch: ask for its input first"
                                    : " has a batch in flight already"));
        }
        state[slot] = IN_FLIGHT;
    }

    /** Marks the slot's batch done. */
    void complete(final int slot) {
        Objects.checkIndex(slot, state.length);
        if (state[slot] != IN_FLIGHT) {
            throw new IllegalStateException("slot " + slot + " has no batch in flight");
        }
        state[slot] = EMPTY;
    }

    boolean filled(final int slot) {
        return state[slot] == FILLED;
    }

    boolean inFlight(final int slot) {
        return state[slot] == IN_FLIGHT;
    }

    /** Throws when any slot is in flight (the synchronous path needs them all). */
    void requireIdle() {
        for (int s = 0; s < state.length; s++) {
            if (state[s] == IN_FLIGHT) {
                throw new IllegalStateException(
                        "slot " + s + " has a batch in flight: complete it before bandPowers");
            }
        }
    }

    /** Empties every slot (after the synchronous path, or a failure it rethrows). */
    void clear() {
        java.util.Arrays.fill(state, EMPTY);
    }

    int channels(final int slot) {
        return channels[slot];
    }

    int length(final int slot) {
        return lengths[slot];
    }
}
