package org.neurostream.ingest.dvs;

/**
 * What a reader does with an event whose time is earlier than an event it already delivered (time
 * going backwards: a corrupt word, a merged stereo stream, a clock glitch).
 *
 * <ul>
 *   <li>{@link Mode#DROP} (the default, {@link #DEFAULT}): drop the event and count it; delivered
 *       times never decrease and the rest keeps file order.
 *   <li>{@link Mode#REORDER}: hold events back until the newest time seen is {@code boundUs} past
 *       them and deliver them sorted by time (ties in file order); an event that arrives more than
 *       {@code boundUs} before the newest time seen is dropped and counted. Costs a copy and, per
 *       event, the distance it moves.
 *   <li>{@link Mode#KEEP}: deliver everything in file order; backward steps are only counted.
 * </ul>
 *
 * <p>DROP is the default because downstream binning and the motif detector need non-decreasing
 * time, and because none of the reference recordings has a backward step, so on clean data it
 * changes nothing.
 */
public final class TimeOrder {
    /** The three policies. */
    public enum Mode {
        /** Drop and count events that go back in time. */
        DROP,
        /** Sort within a time bound; drop and count what comes later than that. */
        REORDER,
        /** Pass everything through in file order; only count backward steps. */
        KEEP
    }

    /** Drop-and-count. */
    public static final TimeOrder DEFAULT = new TimeOrder(Mode.DROP, 0);

    private final Mode mode;
    private final long boundUs;

    private TimeOrder(final Mode mode, final long boundUs) {
        this.mode = mode;
        this.boundUs = boundUs;
    }

    /**
     * The policy a user names: {@code drop}, {@code keep} or {@code reorder} (within {@code
     * boundUs}), any case.
     *
     * @throws IllegalArgumentException naming the accepted values, or a negative bound
     */
    public static TimeOrder parse(final String name, final long boundUs) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "drop" -> drop();
            case "keep" -> keep();
            case "reorder" -> {
                if (boundUs < 0) {
                    throw new IllegalArgumentException("--reorder-us " + boundUs + " is negative");
                }
                yield reorder(boundUs);
            }
            default ->
                    throw new IllegalArgumentException(
                            "--time-order " + name + ": expected drop, reorder or keep");
        };
    }

    /** Drop events earlier than the last delivered one, and count them. */
    public static TimeOrder drop() {
        return DEFAULT;
    }

    /** Deliver in file order and only count backward steps. */
    public static TimeOrder keep() {
        return new TimeOrder(Mode.KEEP, 0);
    }

    /**
     * Sort events that arrive at most {@code boundUs} microseconds late.
     *
     * @throws IllegalArgumentException when the bound is negative
     */
    public static TimeOrder reorder(final long boundUs) {
        if (boundUs < 0) {
            throw new IllegalArgumentException("reorder bound " + boundUs + " us is negative");
        }
        return new TimeOrder(Mode.REORDER, boundUs);
    }

    /** The policy. */
    public Mode mode() {
        return mode;
    }

    /** The reorder bound in microseconds (0 unless the mode is REORDER). */
    public long boundUs() {
        return boundUs;
    }

    @Override
    public String toString() {
        return mode == Mode.REORDER
                ? "reorder within " + boundUs + " us"
                : mode.name().toLowerCase();
    }
}
