package org.neurostream.ingest.identifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdentifiersTest {
    private static final byte[] KEY = "a lab key of enough bytes".getBytes(StandardCharsets.UTF_8);
    private static final String PATIENT = "MCH-0234567 F 02-MAY-1951 Haagse_Harry";

    @TempDir Path dir;

    @Test
    void shouldGiveAStablePseudonymUnderOneKey() {
        final Identifiers a = Identifiers.pseudonyms(KEY, "test", List.of());
        final Identifiers b = Identifiers.pseudonyms(KEY, "test", List.of());

        final String p = a.field(PATIENT);
        assertTrue(p.matches("anon-[0-9a-f]{16}"), p);
        assertEquals(p, b.field(PATIENT), "the same key, the same pseudonym");
        assertEquals(p, b.field("  " + PATIENT.toLowerCase() + " "), "trimmed, case ignored");
        assertNotEquals(p, a.field("MCH-0234568 F 02-MAY-1951 Haagse_Harry"));
        assertNotEquals(
                p,
                Identifiers.pseudonyms("another key of enough bytes".getBytes(), "t", List.of())
                        .field(PATIENT));
    }

    @Test
    void shouldMatchHmacSha256OfTheValue() throws Exception {
        // the value trimmed and lower case, HMAC-SHA-256 under the key, the first 8 bytes in hex
        final javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(KEY, "HmacSHA256"));
        final byte[] d = mac.doFinal("jane doe".getBytes(StandardCharsets.UTF_8));
        assertEquals(
                "anon-" + java.util.HexFormat.of().formatHex(d).substring(0, 16),
                Identifiers.pseudonyms(KEY, "test", List.of()).pseudonym("Jane Doe"));
    }

    @Test
    void shouldLeaveFieldsThatSayNothingAbsent() {
        final Identifiers ids = Identifiers.pseudonyms(KEY, "test", List.of());

        assertNull(ids.field("X X X X"));
        assertNull(ids.field("   "));
        assertNull(ids.field(null));
        assertNull(ids.notice(), "nothing replaced, nothing to say");
    }

    @Test
    void shouldReplaceTheMarkedPartsOfFileNames() {
        final Identifiers ids =
                Identifiers.pseudonyms(KEY, "test", List.of(Pattern.compile("jane[-_]doe")));

        final String session = ids.name("jane-doe_rest-eyes-closed");
        assertTrue(session.matches("anon-[0-9a-f]{16}_rest-eyes-closed"), session);
        assertEquals(
                "/data/" + session.substring(0, 21) + "/x.edf", ids.name("/data/jane-doe/x.edf"));
        assertEquals("S001R01", ids.name("S001R01"));
        assertTrue(ids.notice().contains("jane[-_]doe"), ids.notice());
        assertTrue(ids.notice().contains("--keep-identifiers"), ids.notice());
    }

    @Test
    void shouldKeepEverythingWhenAskedTo() {
        final Identifiers kept = Identifiers.kept();

        assertTrue(kept.keeps());
        assertEquals(PATIENT, kept.field(" " + PATIENT + " "));
        assertEquals("jane-doe_rest", kept.name("jane-doe_rest"));
        assertNull(kept.notice());
    }

    @Test
    void shouldTakeTheKeyFromAFileOrTheEnvironment() throws IOException {
        final Path file = Files.writeString(dir.resolve("key"), "a lab key of enough bytes\n");

        final String fromFile = Identifiers.of(false, file, List.of(), Map.of()).field(PATIENT);
        final String fromEnvironment =
                Identifiers.of(
                                false,
                                null,
                                List.of(),
                                Map.of(Identifiers.KEY_VARIABLE, "a lab key of enough bytes"))
                        .field(PATIENT);
        assertEquals(Identifiers.pseudonyms(KEY, "t", List.of()).field(PATIENT), fromFile);
        assertEquals(fromFile, fromEnvironment);
        assertNotEquals(fromFile, Identifiers.of(false, null, List.of(), Map.of()).field(PATIENT));
        assertTrue(Identifiers.of(true, file, List.of(), Map.of()).keeps());
    }

    @Test
    void shouldRefuseAShortKeyWithoutShowingIt() throws IOException {
        final Path file = Files.writeString(dir.resolve("key"), "short-key\n");

        final IOException e =
                assertThrows(
                        IOException.class, () -> Identifiers.of(false, file, List.of(), Map.of()));
        assertEquals(file + ": the pseudonym key must have at least 16 bytes", e.getMessage());
        assertFalse(e.getMessage().contains("short-key"));
    }
}
