package org.neurostream.operators.flink;

import org.neurostream.core.frame.EventAddressing;
import org.neurostream.core.frame.FrameDecoder;
import org.neurostream.core.frame.Modality;

/**
 * The events of an EVENTS frame as the motif detectors take them: bin = floor(t_us / binUs) with
 * t_us = floor((frame device time + time offset x time unit) / 1000), and the address: for DVS
 * frames (x, y, polarity) through the addressing (none: the address field as is), for other
 * modalities the address field. Events outside the sensor are left out and counted. The arrays are
 * reused from frame to frame.
 */
final class EventBinning {
    private final EventAddressing addressing;
    private final long binUs;
    private int[] addresses = new int[0];
    private long[] bins = new long[0];
    private long outside;

    /** Bins of {@code binUs} microseconds; {@code addressing} null takes addresses as they are. */
    EventBinning(final EventAddressing addressing, final long binUs) {
        this.addressing = addressing;
        this.binUs = binUs;
    }

    /**
     * Bins the events of the frame {@code decoder} reads into {@link #addresses()} and {@link
     * #bins()}.
     *
     * @return the events kept
     */
    int bin(final FrameDecoder decoder) {
        final int n = decoder.elementCount();
        final long deviceNs = decoder.deviceTimeNs();
        final long unitNs = decoder.periodNs();
        final boolean dvs = addressing != null && decoder.modality() == Modality.DVS;
        if (bins.length < n) {
            bins = new long[n];
            addresses = new int[n];
        }
        int count = 0;
        outside = 0;
        for (int i = 0; i < n; i++) {
            final long tUs = Math.floorDiv(deviceNs + decoder.eventTimeOffset(i) * unitNs, 1000L);
            final int address =
                    dvs
                            ? addressing.address(
                                    decoder.eventAddress(i),
                                    decoder.eventY(i),
                                    decoder.eventPolarity(i))
                            : decoder.eventAddress(i);
            if (address < 0) {
                outside++;
                continue;
            }
            addresses[count] = address;
            bins[count++] = Math.floorDiv(tUs, binUs);
        }
        return count;
    }

    /** The addresses of the last frame's events kept. */
    int[] addresses() {
        return addresses;
    }

    /** Their bins. */
    long[] bins() {
        return bins;
    }

    /** The events of the last frame left out for lying outside the sensor. */
    long outside() {
        return outside;
    }
}
