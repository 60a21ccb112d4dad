package org.neurostream.core.frame;

import org.neurostream.core.Topics;

/** The kind of recording a stream comes from; it picks the raw Kafka topic. */
public enum Modality {
    EEG(1, Topics.RAW_EEG),
    CALCIUM(2, Topics.RAW_CALCIUM),
    DVS(3, Topics.RAW_DVS),
    SPIKES(4, Topics.RAW_SPIKES);

    private static final Modality[] BY_CODE = {null, EEG, CALCIUM, DVS, SPIKES};

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

    /** The modality with this header byte, or null when the byte names none. */
    public static Modality fromCode(final int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
