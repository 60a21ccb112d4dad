/**
 * Spectral kernels: Welch power spectral density and band power with the conventions of {@code
 * scipy.signal.welch}, and band differential entropy through Butterworth band-passes designed and
 * run as {@code scipy.signal.butter} / {@code sosfilt} do (docs/features.md#band-power,
 * #band-differential-entropy).
 *
 * <p>Kernels here are plain Java over primitive arrays, with no Flink imports, so that the Flink
 * operator, the offline command and the benchmarks run one and the same code. A kernel instance
 * belongs to one thread and preallocates all its scratch.
 */
package org.neurostream.operators.spectral;
