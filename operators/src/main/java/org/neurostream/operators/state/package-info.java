/**
 * What the kernels' state forms share, without Flink: bulk reads and writes of primitive arrays and
 * the error a form that does not fit its kernel raises. Each stateful kernel writes its own form
 * ({@code writeState(DataOutput)}, {@code readState(DataInput)}); the Flink serializers in {@code
 * operators.flink} put a version and the kernel's parameters in front of it.
 */
package org.neurostream.operators.state;
