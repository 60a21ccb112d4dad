/**
 * Event-camera files: decoders of Prophesee RAW EVT 2.0 / EVT 3.0 and DAT, iniVation AEDAT 4.0 and
 * N-MNIST .bin into reusable primitive-array {@link org.neurostream.ingest.dvs.EventBatch}es.
 *
 * <p>{@link org.neurostream.ingest.dvs.EventFileReader#open} recognises a file and streams it;
 * {@link org.neurostream.ingest.dvs.Evt2Decoder} and {@link org.neurostream.ingest.dvs.Evt3Decoder}
 * decode RAW words from memory; {@link org.neurostream.core.frame.EventAddressing} and {@link
 * org.neurostream.ingest.dvs.EventBins} give the address and time-bin layout of the motif detector;
 * {@link org.neurostream.ingest.dvs.EventFrameWriter} writes EVENTS frames. Bad data raises {@link
 * org.neurostream.ingest.dvs.EventFormatException} with the byte offset of the fault, after the
 * events before it; {@link org.neurostream.ingest.dvs.TimeOrder} says what happens to time going
 * backwards.
 */
package org.neurostream.ingest.dvs;
