/**
 * EDF, EDF+ and BDF(+) file reading: {@link org.neurostream.ingest.edf.EdfReader} streams physical
 * sample values of all data channels (one shared sample rate) and reads EDF+ annotations; {@link
 * org.neurostream.ingest.edf.EdfHeader} parses and checks the header; malformed files raise {@link
 * org.neurostream.ingest.edf.EdfFormatException} with the byte offset of the first bad field.
 */
package org.neurostream.ingest.edf;
