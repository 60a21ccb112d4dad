package org.neurostream.sinks.ipc;

import org.agrona.DirectBuffer;

/**
 * Receives one prediction record from {@link IpcPredictionReader#poll}: its bytes are valid only
 * during the call. Wrap them with an {@link IpcPredictionDecoder}.
 */
@FunctionalInterface
public interface IpcPredictionHandler {
    /** One record at {@code offset} in {@code buffer}, {@code length} bytes. */
    void onPrediction(DirectBuffer buffer, int offset, int length);
}
