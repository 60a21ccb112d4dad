package org.neurostream.ingest.lsl;

import java.util.Locale;

/**
 * The {@code Key: value} header lines of a stream-feed request and response, read as liblsl does.
 */
final class FeedHeaders {
    private FeedHeaders() {}

    /**
     * Splits a header line into its key (lower case) and value, both trimmed; a {@code ;} starts a
     * comment. Null for a line without a colon (liblsl ignores those).
     */
    static String[] parse(final String line) {
        String h = line;
        final int semicolon = h.indexOf(';');
        if (semicolon >= 0) {
            h = h.substring(0, semicolon);
        }
        final int colon = h.indexOf(':');
        if (colon < 0) {
            return null;
        }
        return new String[] {
            h.substring(0, colon).strip().toLowerCase(Locale.ROOT), h.substring(colon + 1).strip()
        };
    }
}
