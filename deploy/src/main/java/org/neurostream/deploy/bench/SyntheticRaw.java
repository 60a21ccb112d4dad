package org.neurostream.deploy.bench;

import java.io.ByteArrayOutputStream;
import java.util.SplittableRandom;

/**
 * Seeded Prophesee RAW word streams (data only, no header) for the decode benchmark, shaped like
 * the reference recordings so that the rate reflects their mix of word types.
 *
 * <ul>
 *   <li>EVT 2.0: a TIME_HIGH every 64 us followed by about 170 CD events of that period (random x
 *       in 0..1279, y in 0..719, polarity), as in evt2_sample.raw (539481 events, 3126 TIME_HIGH).
 *   <li>EVT 3.0: one TIME_LOW per microsecond (a TIME_HIGH when bit 12 changes) with 1 to 13 rows
 *       of events, each row an ADDR_Y, a Poisson number (mean 3.3) of single ADDR_X events and, one
 *       row in six, a vector group VECT_BASE_X + VECT_12 + VECT_12 + VECT_8 carrying about 2
 *       events; the statistics of evt3_sample.raw (6.8 rows per TIME_LOW, 3.3 ADDR_X per row, 16 %
 *       of rows with a vector group, 0.7 events per word).
 * </ul>
 */
public final class SyntheticRaw {
    private SyntheticRaw() {}

    /** An EVT 2.0 word stream of about {@code events} CD events. */
    public static byte[] evt2(final int events, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final Words out = new Words(events * 4 + 4096);
        long high = 1_000_000 >>> 6;
        int n = 0;
        while (n < events) {
            out.word32(0x8L << 28 | high);
            final int k = Math.min(events - n, 140 + random.nextInt(61));
            for (int i = 0; i < k; i++) {
                final int lsb = i * 64 / k;
                out.word32(
                        (long) random.nextInt(2) << 28
                                | (long) lsb << 22
                                | (long) random.nextInt(1280) << 11
                                | random.nextInt(720));
            }
            n += k;
            high++;
        }
        return out.toByteArray();
    }

    /** An EVT 3.0 word stream of about {@code events} CD events. */
    public static byte[] evt3(final int events, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final Words out = new Words(events * 3 + 4096);
        long t = 1_000_000;
        out.word16(0x8 << 12 | (int) (t >>> 12) & 0xFFF);
        int n = 0;
        while (n < events) {
            t++;
            if ((t & 0xFFF) == 0) {
                out.word16(0x8 << 12 | (int) (t >>> 12) & 0xFFF);
            }
            out.word16(0x6 << 12 | (int) t & 0xFFF);
            final int rows = 1 + random.nextInt(13);
            for (int r = 0; r < rows; r++) {
                out.word16(random.nextInt(720));
                final int singles = poisson(random, 3.3);
                for (int s = 0; s < singles; s++) {
                    out.word16(0x2 << 12 | random.nextInt(2) << 11 | random.nextInt(1280));
                }
                n += singles;
                if (random.nextInt(6) == 0) {
                    out.word16(0x3 << 12 | random.nextInt(2) << 11 | random.nextInt(1248));
                    final int a = 1 << random.nextInt(12);
                    final int b = random.nextInt(2) == 0 ? 0 : 1 << random.nextInt(12);
                    final int c = random.nextInt(2) == 0 ? 0 : 1 << random.nextInt(8);
                    out.word16(0x4 << 12 | a);
                    out.word16(0x4 << 12 | b);
                    out.word16(0x5 << 12 | c);
                    n += Integer.bitCount(a) + Integer.bitCount(b) + Integer.bitCount(c);
                }
            }
        }
        return out.toByteArray();
    }

    /** A Poisson draw (Knuth's product of uniforms; fine for small means). */
    private static int poisson(final SplittableRandom random, final double mean) {
        final double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    /** Little-endian word sink. */
    private static final class Words extends ByteArrayOutputStream {
        Words(final int capacity) {
            super(capacity);
        }

        void word32(final long w) {
            for (int k = 0; k < 4; k++) {
                write((int) (w >>> (8 * k)) & 0xFF);
            }
        }

        void word16(final int w) {
            write(w & 0xFF);
            write((w >>> 8) & 0xFF);
        }
    }
}
