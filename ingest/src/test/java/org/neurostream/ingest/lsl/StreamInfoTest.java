package org.neurostream.ingest.lsl;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class StreamInfoTest {
    static StreamInfo eeg() {
        return StreamInfo.builder("amp", "EEG", 2, 250, ChannelFormat.FLOAT32, "amp-1")
                .channel("C3", "uV", "EEG")
                .channel("C4 <&>", "uV", "EEG")
                .build()
                .served("uid-1", 12.5, "default", "host", 16572, 16573);
    }

    @Test
    void shouldCarryChannelLabelsUnitsAndTypesInTheFullInfoOnly() throws Exception {
        final StreamInfo full = StreamInfo.parse(eeg().toFullInfoXml());
        assertEquals(List.of("C3", "C4 <&>"), full.channelLabels());
        assertEquals(List.of("uV", "uV"), full.channelUnits());
        assertEquals(List.of("EEG", "EEG"), full.channelTypes());
        assertTrue(eeg().toFullInfoXml().contains("<label>C4 &lt;&amp;&gt;</label>"));
        final StreamInfo shortInfo = StreamInfo.parse(eeg().toShortInfoXml());
        assertEquals(List.of(), shortInfo.channelLabels());
        assertTrue(eeg().toShortInfoXml().contains("\t<desc />\n"));
    }

    @Test
    void shouldRoundTripEveryField() throws Exception {
        final StreamInfo a = eeg();
        final StreamInfo b = StreamInfo.parse(a.toFullInfoXml());
        assertEquals(a.toFullInfoXml(), b.toFullInfoXml());
        assertEquals(12.5, b.createdAt());
        assertEquals(250.0, b.nominalSrate());
        assertEquals("uid-1", b.uid());
        assertEquals(16573, b.v4servicePort());
    }

    @Test
    void shouldWriteNumbersAsLiblslDoes() {
        assertEquals("100.0000000000000", StreamInfo.formatDouble(100));
        assertEquals("1.100000000000000", StreamInfo.formatDouble(1.1));
        assertEquals("814.6823878940000", StreamInfo.formatDouble(814.682387894));
        assertEquals("0.000000000000000", StreamInfo.formatDouble(0));
        assertEquals("815.155214074", LslOutlet.formatG16(815.155214074));
        assertEquals("2", LslOutlet.formatG16(2.0));
    }

    @Test
    void shouldRejectMalformedInfosWithTheReason() {
        assertReason("<info><name>x", "malformed stream info XML");
        assertReason("<stream/>", "the root element is not <info>");
        assertReason(
                eeg().toShortInfoXml().replace("<name>amp</name>", "<name></name>"),
                "empty <name>");
        assertReason(
                eeg().toShortInfoXml().replace("float32", "float80"),
                "unknown <channel_format> 'float80'");
        assertReason(
                eeg().toShortInfoXml().replace("<channel_count>2<", "<channel_count>-2<"),
                "<channel_count> must be in [0, 2147483647], got -2");
        assertReason(
                eeg().toShortInfoXml().replace("<v4data_port>16572<", "<v4data_port>99999<"),
                "<v4data_port> must be in [0, 65535]");
        assertReason(
                eeg().toShortInfoXml().replace("<uid>uid-1</uid>", "<uid></uid>"), "empty <uid>");
        assertReason(
                eeg().toShortInfoXml().replace("1.100000000000000", "zero"),
                "<version> is not a number");
        assertReason(
                "<!DOCTYPE info [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><info>&x;</info>",
                "malformed stream info XML");
    }

    private static void assertReason(final String xml, final String reason) {
        final LslProtocolException e =
                assertThrows(LslProtocolException.class, () -> StreamInfo.parse(xml));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void shouldRefuseChannelDescriptionsThatDoNotMatchTheCount() {
        assertThrows(
                LslException.class,
                () ->
                        StreamInfo.builder("x", "EEG", 3, 1, ChannelFormat.FLOAT32, "")
                                .channel("a", "uV", "EEG")
                                .build());
    }
}
