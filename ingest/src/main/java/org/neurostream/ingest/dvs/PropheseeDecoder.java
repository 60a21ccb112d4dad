package org.neurostream.ingest.dvs;

/**
 * What the Prophesee EVT decoders ({@link Evt2Decoder}, {@link Evt3Decoder}) share, with the
 * semantics of the openeb reference decoder: words before the first TIME_HIGH (type 0x8 in the top
 * 4 bits of a word) are skipped, since their time is unknown; the time base of a TIME_HIGH word
 * loops, and a loop is counted when a new base is below the previous one by at least {@code MaxBase
 * - (10 << shift)}; external triggers are counted, not emitted; an undefined word stops decoding
 * with {@link #error()} saying why. A subclass decodes the words after the first TIME_HIGH ({@link
 * #decodeWords}).
 */
public abstract class PropheseeDecoder implements ChunkDecoder {
    /** The type of a TIME_HIGH word. */
    static final int TIME_HIGH = 0x8;

    private final int wordBytes;
    private final int typeShift;
    private final int timeHighMask;
    private final int timeHighShift;
    private final long maxBase;
    private final long timeLoop;
    private final long loopThreshold;

    private boolean synced;
    private long loops;
    private long triggers;
    private long skippedWords;
    private String error;

    /** The time base at the end of the last {@link #decode}. */
    long timeBase;

    /**
     * A decoder of words of {@code wordBytes} bytes whose TIME_HIGH words carry {@code
     * timeHighBits} bits of time from bit {@code timeHighShift} up.
     */
    PropheseeDecoder(final int wordBytes, final int timeHighBits, final int timeHighShift) {
        this.wordBytes = wordBytes;
        this.typeShift = wordBytes * 8 - 4;
        this.timeHighMask = (1 << timeHighBits) - 1;
        this.timeHighShift = timeHighShift;
        this.maxBase = ((long) timeHighMask) << timeHighShift;
        this.timeLoop = maxBase + (1L << timeHighShift);
        this.loopThreshold = 10L << timeHighShift;
    }

    @Override
    public final int wordBytes() {
        return wordBytes;
    }

    /** Forgets all state, as at the start of a file. */
    public void reset() {
        synced = false;
        timeBase = 0;
        loops = 0;
        triggers = 0;
        skippedWords = 0;
        error = null;
    }

    /**
     * Skips the words before the first TIME_HIGH, takes its base, then decodes whole words of
     * {@code src[from, to)} with {@link #decodeWords}.
     *
     * @return the position of the first byte not consumed
     */
    @Override
    public final int decode(final byte[] src, final int from, final int to, final EventBatch out) {
        int i = from;
        final int end = to - wordBytes;
        if (!synced) {
            while (i <= end && (word(src, i) >>> typeShift) != TIME_HIGH) {
                skippedWords++;
                i += wordBytes;
            }
            if (i > end) {
                return i;
            }
            // the first TIME_HIGH sets the base without loop detection, then is decoded as usual
            timeBase = (long) (word(src, i) & timeHighMask) << timeHighShift;
            synced = true;
        }
        return decodeWords(src, i, end, out);
    }

    /**
     * Decodes the words that start at {@code from} up to {@code end} (the last whole word's start)
     * into {@code out}, from the time base {@link #timeBase}, which it leaves where the last word
     * put it.
     *
     * @return the position of the first byte not consumed
     */
    abstract int decodeWords(byte[] src, int from, int end, EventBatch out);

    /** The word at {@code src[i]}, unsigned. */
    abstract int word(byte[] src, int i);

    /**
     * The time base of the TIME_HIGH word {@code w} that follows base {@code base}, loops counted.
     */
    final long timeHigh(final long base, final int w) {
        long next = ((long) (w & timeHighMask) << timeHighShift) + loops * timeLoop;
        if (base > next && base - next >= maxBase - loopThreshold) {
            next += timeLoop;
            loops++;
        }
        return next;
    }

    /** Counts an external-trigger word. */
    final void trigger() {
        triggers++;
    }

    /** Stops decoding at an undefined word: {@link #error()} says {@code reason}. */
    final void fail(final String reason) {
        error = reason;
    }

    /** Why the last {@link #decode} stopped early at an undefined word, or null. */
    @Override
    public final String error() {
        return error;
    }

    /** External-trigger words seen since the last reset. */
    public final long triggerCount() {
        return triggers;
    }

    /** Words skipped before the first TIME_HIGH. */
    public final long skippedWords() {
        return skippedWords;
    }
}
