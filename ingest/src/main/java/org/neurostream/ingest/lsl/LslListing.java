package org.neurostream.ingest.lsl;

import java.nio.charset.StandardCharsets;

/**
 * The one-line description of a stream that {@code neurostream lsl list} prints:
 *
 * <pre>
 * name=N type=T channels=C srate=R format=F source_id=S hostname=H uid=U
 * </pre>
 *
 * Values percent-encoded (space %20, {@code =} %3D, {@code %} %25, and control characters), so that
 * a line splits on spaces and each field on its first {@code =}; {@code srate} as {@link
 * Double#toString(double)} prints it ({@code 0.0} for an irregular rate).
 */
public final class LslListing {
    private LslListing() {}

    /** The line for {@code info}. */
    public static String line(final StreamInfo info) {
        return "name="
                + encode(info.name())
                + " type="
                + encode(info.type())
                + " channels="
                + info.channelCount()
                + " srate="
                + Double.toString(info.nominalSrate())
                + " format="
                + info.channelFormat().xmlName()
                + " source_id="
                + encode(info.sourceId())
                + " hostname="
                + encode(info.hostname())
                + " uid="
                + encode(info.uid());
    }

    /** Percent-encodes space, {@code =}, {@code %} and control characters (as UTF-8 bytes). */
    public static String encode(final String value) {
        final StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c == ' ' || c == '=' || c == '%' || c < 0x20 || c == 0x7F) {
                for (final byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(String.format("%02X", b & 0xFF));
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
