package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.io.StringWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ListingAndCsvTest {
    @Test
    void shouldListAStreamOnOneLineWithPercentEncodedValues() {
        final StreamInfo s =
                StreamInfo.builder("my amp=1%", "EEG", 8, 0, ChannelFormat.STRING, "a b")
                        .build()
                        .served("u-1", 1, "default", "lab pc", 1, 2);
        assertEquals(
                "name=my%20amp%3D1%25 type=EEG channels=8 srate=0.0 format=string"
                        + " source_id=a%20b hostname=lab%20pc uid=u-1",
                LslListing.line(s));
        final StreamInfo t =
                StreamInfo.builder("x", "", 1, 160, ChannelFormat.FLOAT32, "")
                        .build()
                        .served("u", 1, "d", "h", 1, 2);
        assertEquals(
                "name=x type= channels=1 srate=160.0 format=float32 source_id= hostname=h uid=u",
                LslListing.line(t));
        assertEquals("a%0Ab", LslListing.encode("a\nb"));
    }

    @Test
    void shouldWriteHeaderAndRowsThatParseBack() throws Exception {
        final StreamInfo labelled =
                StreamInfo.builder("x", "EEG", 2, 100, ChannelFormat.FLOAT32, "")
                        .channel("C,3", "uV", "EEG")
                        .channel("C4", "uV", "EEG")
                        .build();
        final StringWriter out = new StringWriter();
        final SampleCsv csv = new SampleCsv(out, 0);
        csv.header(labelled);
        final LslSample s = new LslSample(ChannelFormat.FLOAT32, 2);
        final UnsafeBuffer values = new UnsafeBuffer(new byte[8]);
        values.putFloat(0, 0.1f, java.nio.ByteOrder.LITTLE_ENDIAN);
        values.putFloat(4, Float.MIN_VALUE, java.nio.ByteOrder.LITTLE_ENDIAN);
        s.wrap(values, 0, null, 0, 815.162150514, 0, false);
        csv.row(s);
        assertEquals("timestamp,\"C,3\",C4\n815.162150514,0.1,1.4E-45\n", out.toString());
        final StringWriter unlabelled = new StringWriter();
        new SampleCsv(unlabelled, 0)
                .header(StreamInfo.builder("y", "", 3, 0, ChannelFormat.INT16, "").build());
        assertEquals("timestamp,ch0,ch1,ch2\n", unlabelled.toString());
    }

    @Test
    void shouldQuoteStringsAsRfc4180Says() throws Exception {
        final StringWriter out = new StringWriter();
        final LslSample s = new LslSample(ChannelFormat.STRING, 3);
        s.wrap(
                new UnsafeBuffer(new byte[1]),
                0,
                new String[] {"plain", "a,b", "say \"hi\"\n"},
                0,
                1.5,
                0,
                false);
        new SampleCsv(out, 0.25).row(s);
        assertEquals("1.75,plain,\"a,b\",\"say \"\"hi\"\"\n\"\n", out.toString());
    }

    @Test
    void shouldWriteEveryFloatSoThatItParsesBack() {
        final java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            final float f = Float.intBitsToFloat(r.nextInt());
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(
                    Float.floatToRawIntBits(f),
                    Float.floatToRawIntBits(Float.parseFloat(SampleCsv.exact(f))));
            final double d = Double.longBitsToDouble(r.nextLong());
            if (!Double.isNaN(d)) {
                assertEquals(
                        Double.doubleToRawLongBits(d),
                        Double.doubleToRawLongBits(Double.parseDouble(SampleCsv.exact(d))));
            }
        }
    }
}
