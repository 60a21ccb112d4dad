/**
 * Spike streams (sorted units, threshold crossings): binned population vectors on a device-time
 * grid ({@link org.neurostream.operators.spikes.PopulationBinner}). Plain Java, no Flink: the job's
 * {@code operators.flink.SpikeFunction} and the benchmarks run the same kernel.
 */
package org.neurostream.operators.spikes;
