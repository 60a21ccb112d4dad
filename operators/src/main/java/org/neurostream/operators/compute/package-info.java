/**
 * Compute backends for the hot paths (README.md#compute-backends): one interface per hot path with
 * a plain-Java implementation and an OpenCL implementation through JOCL, chosen by {@link
 * org.neurostream.operators.compute.BackendKind} ({@code auto|cpu|opencl}) through {@link
 * org.neurostream.operators.compute.BandPowerBackends} (Welch band power) and {@link
 * org.neurostream.operators.compute.MotifBackends} (the motif detector's delay-kernel
 * accumulation).
 *
 * <p>No Flink here: the Flink operators, the commands and the benchmarks call the same backends. A
 * backend instance belongs to one thread. OpenCL contexts and built programs are shared per device
 * for the life of the JVM; queues, kernels and buffers belong to one backend.
 */
package org.neurostream.operators.compute;
