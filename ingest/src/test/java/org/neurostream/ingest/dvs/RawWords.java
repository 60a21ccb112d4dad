package org.neurostream.ingest.dvs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds Prophesee RAW files word by word, for streams with known answers. */
final class RawWords {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    RawWords header(final String... lines) {
        for (final String line : lines) {
            out.writeBytes((line + "\n").getBytes(StandardCharsets.ISO_8859_1));
        }
        return this;
    }

    RawWords word32(final long w) {
        for (int k = 0; k < 4; k++) {
            out.write((int) (w >>> (8 * k)) & 0xFF);
        }
        return this;
    }

    RawWords word16(final int w) {
        out.write(w & 0xFF);
        out.write((w >>> 8) & 0xFF);
        return this;
    }

    // EVT 2.0
    RawWords cd2(final int polarity, final int tLsb, final int x, final int y) {
        return word32((long) polarity << 28 | (long) tLsb << 22 | (long) x << 11 | y);
    }

    RawWords timeHigh2(final long high) {
        return word32(0x8L << 28 | high);
    }

    RawWords type2(final int type, final int payload) {
        return word32((long) type << 28 | payload);
    }

    // EVT 3.0
    RawWords type3(final int type, final int payload) {
        return word16(type << 12 | payload);
    }

    byte[] bytes() {
        return out.toByteArray();
    }
}
