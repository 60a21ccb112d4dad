/**
 * NumPy {@code .npy} files: {@link org.neurostream.ingest.npy.NpyReader} reads any shape of the
 * dtypes in {@link org.neurostream.ingest.npy.NpyDtype} (either byte order, C or Fortran order)
 * into an {@link org.neurostream.ingest.npy.NpyArray} read through logical C-order indices; {@link
 * org.neurostream.ingest.npy.NpyWriter} writes files {@code numpy.load} reads back. Files this
 * package cannot read raise {@link org.neurostream.ingest.npy.NpyFormatException} naming the file
 * and what is wrong (an unsupported dtype by name).
 */
package org.neurostream.ingest.npy;
