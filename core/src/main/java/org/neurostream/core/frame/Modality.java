package org.neurostream.core.frame;

import org.neurostream.core.Topics;

/**
 * The kind of recording a stream comes from, the header's modality byte; it picks the raw Kafka
 * topic and the operators that see the stream's frames.
 */
public enum Modality {
    /** Sampled electrophysiology (EEG, ECoG, LFP): SAMPLES frames. */
    EEG(1, Topics.RAW_EEG),
    /** Calcium imaging, one channel per ROI: SAMPLES frames of fluorescence. */
    CALCIUM(2, Topics.RAW_CALCIUM),
    /** Event cameras: EVENTS frames of (x, y, polarity). */
    DVS(3, Topics.RAW_DVS),
    /** Spikes or threshold crossings: EVENTS frames of addresses. */
    SPIKES(4, Topics.RAW_SPIKES),
    /**
     * Behaviour (running speed, position, pupil, licks, task variables): SAMPLES frames of the
     * behaviour values, which the job joins to the neural feature windows of the same session.
     */
    BEHAVIOR(5, Topics.RAW_BEHAVIOR);

    private static final Modality[] BY_CODE = {null, EEG, CALCIUM, DVS, SPIKES, BEHAVIOR};

    private final byte code;
    private final String rawTopic;

    Modality(final int code, final String rawTopic) {
        this.code = (byte) code;
        this.rawTopic = rawTopic;
    }

    /** The header byte of this modality. */
    public byte code() {
        return code;
    }

    /** The Kafka topic that carries raw frames of this modality. */
    public String rawTopic() {
        return rawTopic;
    }

    /**
     * True for a modality whose code is taken but that this build does not process yet: its frames
     * fail validation. None is reserved in this build (BEHAVIOR was, until the job read it).
     */
    public boolean isReserved() {
        return false;
    }

    /** The modality with this header byte, or null when the byte names none. */
    public static Modality fromCode(final int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
