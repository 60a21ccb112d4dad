package org.neurostream.ingest.edf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.neurostream.ingest.bridge.SampleSource;

/**
 * Streams the physical sample values of an EDF, EDF+ or BDF(+) file, and reads its EDF+ / BDF+
 * annotations on request.
 *
 * <p>Channels are the file's data signals in file order; annotation channels ({@code "EDF
 * Annotations"}, {@code "BDF Annotations"}) are not channels here, and their content is read only
 * by {@link #readAnnotations()}. All channels must share one sample rate (same samples per record);
 * {@link #open} refuses other files with an {@link EdfFormatException}.
 *
 * <p>{@link #read} fills a caller's {@code float[]} sample-major ({@code dest[s * channelCount() +
 * c]}) with {@code (digital - digMin) * (physMax - physMin) / (digMax - digMin) + physMin} computed
 * in double, and crosses record boundaries; it allocates nothing. Records are read in blocks of
 * about 1 MiB through a {@link FileChannel}.
 *
 * <p>A file shorter than its header declares is not an error: the complete records are readable,
 * {@link #isTruncated()} is true and {@link #truncationOffset()} says where the incomplete part
 * starts. Bytes after the declared records are ignored. The header's leniencies are listed in
 * {@link EdfHeader}. EDF+D files are delivered as if their records were contiguous.
 *
 * <p>Not thread-safe: one reader per thread.
 */
public final class EdfReader implements SampleSource {
    private static final int BLOCK_TARGET_BYTES = 1 << 20;
    private static final int MAX_RECORD_BYTES = 64 << 20;

    private final Path file;
    private final FileChannel channel;
    private final EdfHeader header;
    private final boolean bdf;
    private final int bytesPerSample;
    private final int recordBytes;
    private final long recordsAvailable;
    private final boolean truncated;
    private final long truncationOffset;

    private final int channels;
    private final int samplesPerRecord;
    private final double sampleRate;
    private final long totalSamples;
    private final List<String> labels;
    private final List<String> dimensions;
    private final EdfSignal[] dataSignals;
    private final int[] channelByteOffset;
    private final double[] digitalMin;
    private final double[] physicalMin;
    private final double[] physicalRange;
    private final double[] digitalRange;
    private final int[] annotationByteOffset;
    private final int[] annotationBytes;

    private final byte[] block;
    private final ByteBuffer blockBuffer;
    private final int recordsPerBlock;
    private long blockFirstRecord = -1;
    private int blockRecords;
    private long position;

    private EdfReader(Path file, FileChannel channel, EdfHeader header) throws IOException {
        this.file = file;
        this.channel = channel;
        this.header = header;
        this.bdf = header.isBdf();
        this.bytesPerSample = header.bytesPerSample();

        final List<EdfSignal> all = header.signals();
        final long recordBytesLong = header.recordBytes();
        if (recordBytesLong > MAX_RECORD_BYTES) {
            throw new EdfFormatException(
                    file,
                    header.samplesPerRecordFieldOffset(0),
                    "a data record of "
                            + recordBytesLong
                            + " bytes is larger than the "
                            + MAX_RECORD_BYTES
                            + " this reader supports");
        }
        this.recordBytes = (int) recordBytesLong;

        int dataCount = 0;
        for (EdfSignal signal : all) {
            if (!signal.annotationChannel()) {
                dataCount++;
            }
        }
        this.channels = dataCount;
        this.dataSignals = new EdfSignal[dataCount];
        this.channelByteOffset = new int[dataCount];
        this.digitalMin = new double[dataCount];
        this.physicalMin = new double[dataCount];
        this.physicalRange = new double[dataCount];
        this.digitalRange = new double[dataCount];
        final int annotationCount = all.size() - dataCount;
        this.annotationByteOffset = new int[annotationCount];
        this.annotationBytes = new int[annotationCount];
        final List<String> labelList = new ArrayList<>(dataCount);
        final List<String> dimensionList = new ArrayList<>(dataCount);

        int byteOffset = 0;
        int c = 0;
        int a = 0;
        for (int i = 0; i < all.size(); i++) {
            final EdfSignal signal = all.get(i);
            final int bytes = signal.samplesPerRecord() * bytesPerSample;
            if (signal.annotationChannel()) {
                annotationByteOffset[a] = byteOffset;
                annotationBytes[a] = bytes;
                a++;
            } else {
                if (c > 0 && signal.samplesPerRecord() != dataSignals[0].samplesPerRecord()) {
                    throw new EdfFormatException(
                            file,
                            header.samplesPerRecordFieldOffset(i),
                            "signals have mixed sample rates: signal "
                                    + i
                                    + " ("
                                    + signal.label()
                                    + ") has "
                                    + signal.samplesPerRecord()
                                    + " samples per record, the first signal ("
                                    + dataSignals[0].label()
                                    + ") has "
                                    + dataSignals[0].samplesPerRecord()
                                    + "; this reader needs one sample rate for all signals");
                }
                dataSignals[c] = signal;
                channelByteOffset[c] = byteOffset;
                digitalMin[c] = signal.digitalMin();
                physicalMin[c] = signal.physicalMin();
                physicalRange[c] = signal.physicalMax() - signal.physicalMin();
                digitalRange[c] = (double) signal.digitalMax() - signal.digitalMin();
                labelList.add(signal.label());
                dimensionList.add(signal.physicalDimension());
                c++;
            }
            byteOffset += bytes;
        }
        this.labels = Collections.unmodifiableList(labelList);
        this.dimensions = Collections.unmodifiableList(dimensionList);
        this.samplesPerRecord = dataCount == 0 ? 0 : dataSignals[0].samplesPerRecord();
        this.sampleRate = dataCount == 0 ? 0.0 : samplesPerRecord / header.recordDurationSeconds();

        final long dataBytes = Math.max(0, channel.size() - header.headerBytes());
        final long completeInFile = dataBytes / recordBytes;
        final long declared = header.recordsDeclared();
        if (declared >= 0) {
            this.recordsAvailable = Math.min(declared, completeInFile);
            this.truncated = recordsAvailable < declared;
        } else {
            this.recordsAvailable = completeInFile;
            this.truncated = dataBytes % recordBytes != 0;
        }
        this.truncationOffset =
                truncated ? header.headerBytes() + recordsAvailable * recordBytes : -1;
        this.totalSamples = recordsAvailable * samplesPerRecord;

        this.recordsPerBlock =
                (int) Math.max(1, Math.min(BLOCK_TARGET_BYTES / recordBytes, recordsAvailable));
        this.block = new byte[recordsPerBlock * recordBytes];
        this.blockBuffer = ByteBuffer.wrap(block);
    }

    /**
     * Opens a file and reads its header.
     *
     * @throws EdfFormatException if the file is not EDF / BDF, or its signals have mixed sample
     *     rates
     * @throws IOException if the file cannot be read
     */
    public static EdfReader open(Path file) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new EdfReader(file, channel, EdfHeader.read(file, channel));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** Returns the file being read. */
    public Path file() {
        return file;
    }

    /** Returns the full header, annotation channels included. */
    public EdfHeader header() {
        return header;
    }

    /** Returns the number of data channels (annotation channels excluded). */
    public int channelCount() {
        return channels;
    }

    /** Returns samples per second of every channel; 0 when the file has no data channel. */
    public double sampleRate() {
        return sampleRate;
    }

    /** Returns samples per data record of every channel. */
    public int samplesPerRecord() {
        return samplesPerRecord;
    }

    /** Returns the channel labels, stripped, in channel order. */
    public List<String> labels() {
        return labels;
    }

    /** Returns the physical dimensions (units, e.g. "uV"), stripped, in channel order. */
    public List<String> physicalDimensions() {
        return dimensions;
    }

    /** Returns the header of data channel {@code channel} (0-based, annotations excluded). */
    public EdfSignal signal(int channel) {
        return dataSignals[channel];
    }

    /** Returns the samples per channel in the complete records: records available times rate. */
    public long totalSamplesPerChannel() {
        return totalSamples;
    }

    /** Returns the number of data records the header declares; -1 when it says unknown. */
    public long recordsDeclared() {
        return header.recordsDeclared();
    }

    /** Returns the number of complete data records in the file that will be read. */
    public long recordsAvailable() {
        return recordsAvailable;
    }

    /**
     * Returns true when the file ends inside a data record or before the declared number of
     * records: the caller should warn, as the data read stops early.
     */
    public boolean isTruncated() {
        return truncated;
    }

    /** Returns the byte offset where the incomplete part of a truncated file starts, else -1. */
    public long truncationOffset() {
        return truncationOffset;
    }

    /**
     * Returns one line for a warning about a truncated file, naming the file, the offset and what
     * is read ({@code "<file>: byte <offset>: truncated, read <n> of <m> declared records"}), or
     * null when the file is whole.
     */
    public String truncation() {
        if (!truncated) {
            return null;
        }
        return file
                + ": byte "
                + truncationOffset
                + ": truncated, read "
                + recordsAvailable
                + " of "
                + recordsDeclared()
                + " declared records";
    }

    /** Returns the index, per channel, of the next sample {@link #read} will deliver. */
    public long position() {
        return position;
    }

    /**
     * Reads up to {@code maxSamples} samples of every channel into {@code dest}, sample-major:
     * sample {@code s} of channel {@code c} goes to {@code dest[s * channelCount() + c]}, as a
     * physical value. Crosses record boundaries; allocates nothing.
     *
     * @return samples per channel read: {@code maxSamples} unless the end is reached, 0 at the end
     * @throws IllegalArgumentException if {@code maxSamples < 0} or {@code dest} holds fewer than
     *     {@code maxSamples * channelCount()} values
     * @throws IOException if the file cannot be read
     */
    public int read(float[] dest, int maxSamples) throws IOException {
        final int channelCount = channels;
        if (maxSamples < 0 || (long) maxSamples * channelCount > dest.length) {
            throw new IllegalArgumentException(
                    "dest holds "
                            + dest.length
                            + " values, "
                            + maxSamples
                            + " samples of "
                            + channelCount
                            + " channels need "
                            + (long) maxSamples * channelCount);
        }
        if (channelCount == 0) {
            return 0;
        }
        final int spr = samplesPerRecord;
        final int want = (int) Math.min(maxSamples, totalSamples - position);
        int done = 0;
        while (done < want) {
            final long record = position / spr;
            final int inRecord = (int) (position - record * spr);
            if (record < blockFirstRecord || record >= blockFirstRecord + blockRecords) {
                loadBlock(record);
            }
            final int n = Math.min(want - done, spr - inRecord);
            final int recordBase = (int) (record - blockFirstRecord) * recordBytes;
            if (bdf) {
                decode24(recordBase, inRecord, n, dest, done);
            } else {
                decode16(recordBase, inRecord, n, dest, done);
            }
            done += n;
            position += n;
        }
        return done;
    }

    /**
     * Moves to sample {@code sample} of every channel; the next {@link #read} starts there.
     *
     * @throws IllegalArgumentException if {@code sample} is not in {@code [0,
     *     totalSamplesPerChannel()]}
     */
    public void seekSample(long sample) {
        if (sample < 0 || sample > totalSamples) {
            throw new IllegalArgumentException(
                    "sample " + sample + " is outside [0, " + totalSamples + "]");
        }
        position = sample;
    }

    /**
     * Moves to the first sample of the span of {@code durationSeconds} (null: to the end) from
     * {@code startSeconds}, clipped to the recording, and returns its samples per channel.
     *
     * @throws IllegalArgumentException "start S s is outside the recording (0 to T s)" when the
     *     start lies outside it
     */
    public long seekSpan(final double startSeconds, final Double durationSeconds) {
        final long first = Math.round(startSeconds * sampleRate);
        if (startSeconds < 0 || first >= totalSamples) {
            throw new IllegalArgumentException(
                    String.format(
                            "start %s s is outside the recording (0 to %.3f s)",
                            startSeconds, totalSamples / sampleRate));
        }
        seekSample(first);
        return durationSeconds == null
                ? totalSamples - first
                : Math.min(totalSamples - first, Math.round(durationSeconds * sampleRate));
    }

    /**
     * Moves to the sample nearest {@code seconds} after the first sample ({@code round(seconds *
     * sampleRate())}).
     *
     * @throws IllegalArgumentException if that sample is outside the file
     */
    public void seekSeconds(double seconds) {
        final double sample = Math.rint(seconds * sampleRate);
        if (!(sample >= 0 && sample <= totalSamples)) {
            throw new IllegalArgumentException(
                    seconds + " s is outside the file's " + totalSamples / sampleRate + " s");
        }
        seekSample((long) sample);
    }

    /**
     * Skips up to {@code samples} samples of every channel.
     *
     * @return samples skipped, fewer than asked only at the end
     */
    public long skipSamples(long samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("cannot skip " + samples + " samples");
        }
        final long skipped = Math.min(samples, totalSamples - position);
        position += skipped;
        return skipped;
    }

    /**
     * Reads all EDF+ / BDF+ annotations of the complete records, in file order, in one pass over
     * the annotation channels; the per-record time-keeping entries (empty text) are left out.
     * Onsets count from the first sample: the sub-second offset of the first record's time-keeping
     * entry is subtracted, as MNE does. Does not move {@link #position()}.
     *
     * @return the annotations; empty when the file has no annotation channel
     * @throws EdfFormatException if an annotation list is malformed (with its byte offset)
     * @throws IOException if the file cannot be read
     */
    public List<EdfAnnotation> readAnnotations() throws IOException {
        if (annotationByteOffset.length == 0) {
            return List.of();
        }
        final TalParser parser = new TalParser(file);
        final List<EdfAnnotation> out = new ArrayList<>();
        final byte[] record = new byte[recordBytes];
        final ByteBuffer buffer = ByteBuffer.wrap(record);
        double startOffset = 0;
        for (long r = 0; r < recordsAvailable; r++) {
            final long recordOffset = header.headerBytes() + r * recordBytes;
            buffer.clear();
            readFully(buffer, recordOffset);
            if (r == 0) {
                final double first =
                        parser.firstOnset(
                                record,
                                annotationByteOffset[0],
                                annotationBytes[0],
                                recordOffset + annotationByteOffset[0]);
                startOffset = Double.isNaN(first) ? 0 : first;
            }
            for (int k = 0; k < annotationByteOffset.length; k++) {
                parser.parse(
                        record,
                        annotationByteOffset[k],
                        annotationBytes[k],
                        recordOffset + annotationByteOffset[k],
                        startOffset,
                        out);
            }
        }
        return out;
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    private void loadBlock(long record) throws IOException {
        final int count = (int) Math.min(recordsPerBlock, recordsAvailable - record);
        blockBuffer.clear().limit(count * recordBytes);
        readFully(blockBuffer, header.headerBytes() + record * recordBytes);
        blockFirstRecord = record;
        blockRecords = count;
    }

    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        final int start = buffer.position();
        while (buffer.hasRemaining()) {
            final int n = channel.read(buffer, offset + buffer.position() - start);
            if (n < 0) {
                throw new EdfFormatException(
                        file,
                        offset + buffer.position() - start,
                        "file ended while reading data records it had when opened");
            }
        }
    }

    private void decode16(int recordBase, int inRecord, int n, float[] dest, int destSample) {
        final byte[] b = block;
        final int stride = channels;
        for (int c = 0; c < stride; c++) {
            final double dMin = digitalMin[c];
            final double pMin = physicalMin[c];
            final double pRange = physicalRange[c];
            final double dRange = digitalRange[c];
            int src = recordBase + channelByteOffset[c] + inRecord * 2;
            int dst = destSample * stride + c;
            for (int s = 0; s < n; s++) {
                final int digital = (b[src] & 0xFF) | (b[src + 1] << 8);
                dest[dst] = (float) ((digital - dMin) * pRange / dRange + pMin);
                src += 2;
                dst += stride;
            }
        }
    }

    private void decode24(int recordBase, int inRecord, int n, float[] dest, int destSample) {
        final byte[] b = block;
        final int stride = channels;
        for (int c = 0; c < stride; c++) {
            final double dMin = digitalMin[c];
            final double pMin = physicalMin[c];
            final double pRange = physicalRange[c];
            final double dRange = digitalRange[c];
            int src = recordBase + channelByteOffset[c] + inRecord * 3;
            int dst = destSample * stride + c;
            for (int s = 0; s < n; s++) {
                // The high byte is sign-extended by the byte-to-int conversion.
                final int digital =
                        (b[src] & 0xFF) | ((b[src + 1] & 0xFF) << 8) | (b[src + 2] << 16);
                dest[dst] = (float) ((digital - dMin) * pRange / dRange + pMin);
                src += 3;
                dst += stride;
            }
        }
    }
}
