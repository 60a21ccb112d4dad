package org.neurostream.operators.flink;

import org.neurostream.operators.motif.MotifStreamState;

/**
 * One event stream in {@link MotifFunction}'s keyed state: which model it is detected with (a
 * fingerprint of the kernel, biases and settings, so that a restore with another model starts the
 * stream afresh instead of mixing two kernels' potentials) and its {@link MotifStreamState}.
 * Serialized by {@link MotifStateSerializer}.
 */
public final class MotifState {
    /** Fingerprint of the model the detection state belongs to. */
    final long model;

    /** The undecided bins and the suppression window (ring form) or the tail (OpenCL path). */
    final MotifStreamState detection;

    /**
     * @param model the fingerprint of the model the detection belongs to
     * @param detection the stream's place in the detection
     */
    public MotifState(final long model, final MotifStreamState detection) {
        this.model = model;
        this.detection = detection;
    }
}
