/**
 * Compute backends for the hot paths (README.md#compute-backends): one interface per hot path with
 * a plain-Java implementation and an OpenCL implementation through JOCL, chosen by {@link
 * org.neurostream.operators.compute.BackendKind} ({@code auto|cpu|opencl}) in one place, {@link
 * org.neurostream.operators.compute.ComputeBackends}, through {@link
 * org.neurostream.operators.compute.BandPowerBackends} (Welch band power) and {@link
 * org.neurostream.operators.compute.MotifBackends} (the motif detector's delay-kernel
 * accumulation), each OpenCL backend wrapped in its fallback to the CPU path ({@link
 * org.neurostream.operators.compute.FallbackBackend}).
 *
 * <p>No Flink here: the Flink operators, the commands and the benchmarks call the same backends. A
 * backend instance belongs to one thread. OpenCL contexts and built programs are shared per device
 * for the life of the JVM; queues, kernels and buffers belong to one backend. {@link
 * org.neurostream.operators.compute.OpenClProfile} and {@link
 * org.neurostream.operators.compute.OpenClTransfers} measure the device side for the benchmarks.
 */
package org.neurostream.operators.compute;
