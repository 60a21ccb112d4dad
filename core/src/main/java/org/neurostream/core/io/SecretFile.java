package org.neurostream.core.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A secret kept in a file of its own (a password, an access token, a key), so that it never has to
 * be on a command line, where every user of the machine sees it in the process list. The secret is
 * the file's first line, UTF-8, without its line end and surrounding blanks.
 */
public final class SecretFile {
    private SecretFile() {}

    /**
     * The secret in {@code file}.
     *
     * @param what what the secret is, for messages ("the dashboard token")
     * @throws IOException one line naming the file and the reason (missing, unreadable, not UTF-8
     *     text, empty); never the secret itself
     */
    public static String read(final Path file, final String what) throws IOException {
        final byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (final NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, what + ": no such file");
        }
        final String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(bytes))
                            .toString();
        } catch (final CharacterCodingException e) {
            throw new IOException(file + ": " + what + ": not UTF-8 text");
        }
        final String secret = text.lines().findFirst().orElse("").strip();
        if (secret.isEmpty()) {
            throw new IOException(file + ": " + what + ": the file is empty");
        }
        return secret;
    }

    /**
     * Lets only this user read, write (and, for a folder, enter) {@code path}, where the file
     * system has POSIX permissions; elsewhere it is left as it is.
     */
    public static void ownerOnly(final Path path) throws IOException {
        if (!Files.getFileStore(path).supportsFileAttributeView("posix")) {
            return;
        }
        Files.setPosixFilePermissions(
                path,
                java.nio.file.attribute.PosixFilePermissions.fromString(
                        Files.isDirectory(path) ? "rwx------" : "rw-------"));
    }
}
