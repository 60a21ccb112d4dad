/**
 * Neuronal avalanches (docs/features.md#neuronal-avalanches): threshold events on z-scored
 * channels, binning from time zero, avalanche assembly, discrete power-law fits with the Hurwitz
 * zeta function and Kolmogorov-Smirnov x_min selection, branching ratios (Beggs-Plenz and multistep
 * regression) and the size-duration scaling exponent.
 *
 * <p>Plain Java over primitive arrays, no Flink imports: the offline command ({@link
 * org.neurostream.operators.avalanche.AvalancheAnalyzer}) and the streaming operator ({@link
 * org.neurostream.operators.avalanche.AvalancheStream}, one per stream) run the same kernels.
 * Per-sample and per-event paths allocate nothing; fits run at the end of an analysis or on a
 * statistics tick.
 */
package org.neurostream.operators.avalanche;
