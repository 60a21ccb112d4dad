/**
 * Calcium-imaging fluorescence traces: {@link org.neurostream.ingest.calcium.CalciumTraceReader}
 * reads raw F, neuropil or dF/F from NumPy {@code .npy} or delimited text files laid out as {@link
 * org.neurostream.ingest.calcium.TraceFileOptions} says (one row per ROI by default, as suite2p
 * writes them) into frame-major {@link org.neurostream.ingest.calcium.CalciumTraces}, which also
 * serve as a {@link org.neurostream.ingest.bridge.SampleSource} for SAMPLES frames.
 */
package org.neurostream.ingest.calcium;
