/**
 * NumPy {@code .npy} files (format versions 1.0, 2.0 and 3.0): {@link
 * org.neurostream.ingest.npy.NpyArray} reads little-endian float32 and float64 arrays of any rank
 * in C or Fortran order (always held in C order) and writes them in C order, version 1.0; anything
 * else is refused with an {@link org.neurostream.ingest.npy.NpyFormatException} that names the file
 * and what is unsupported.
 */
package org.neurostream.ingest.npy;
