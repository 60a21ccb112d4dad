package org.neurostream.core.kafka;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A file in Java's properties format ({@link Properties#load(java.io.Reader)}: {@code key=value},
 * {@code key: value}, {@code #} and {@code !} comments, backslash continuations and escapes), read
 * in UTF-8 one logical line at a time so that every fault names its line: a line that does not
 * parse, and a key given twice (which {@link Properties} would settle silently, last one wins).
 */
final class PropertiesFile {
    /** One setting and the line it starts on (1-based). */
    record Entry(String value, int line) {}

    private PropertiesFile() {}

    /**
     * The settings of {@code file}, in file order.
     *
     * @throws KafkaConfigException naming the file, the line and the reason
     */
    static Map<String, Entry> read(final Path file) throws KafkaConfigException {
        final String text;
        try {
            text =
                    StandardCharsets.UTF_8
                            .newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT)
                            .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                            .toString();
        } catch (final NoSuchFileException e) {
            throw new KafkaConfigException(file + ": no such file");
        } catch (final CharacterCodingException e) {
            throw new KafkaConfigException(file + ": does not parse: not UTF-8 text");
        } catch (final IOException e) {
            throw new KafkaConfigException(file + ": cannot be read: " + e.getMessage());
        }
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            final String stripped = lines[i].stripLeading();
            if (stripped.isEmpty() || stripped.charAt(0) == '#' || stripped.charAt(0) == '!') {
                continue; // comments never continue onto the next line
            }
            final int first = i;
            final StringBuilder logical = new StringBuilder(lines[i]);
            while (continues(lines[i]) && i + 1 < lines.length) {
                logical.append('\n').append(lines[++i]);
            }
            final Properties one = new Properties();
            try {
                one.load(new StringReader(logical.toString()));
            } catch (final IllegalArgumentException | IOException e) {
                throw new KafkaConfigException(
                        file + ": line " + (first + 1) + ": does not parse: " + e.getMessage());
            }
            for (final String key : one.stringPropertyNames()) {
                final Entry earlier = entries.get(key);
                if (earlier != null) {
                    throw new KafkaConfigException(
                            file
                                    + ": line "
                                    + (first + 1)
                                    + ": "
                                    + key
                                    + ": given again (first on line "
                                    + earlier.line()
                                    + ")");
                }
                entries.put(key, new Entry(one.getProperty(key), first + 1));
            }
        }
        return entries;
    }

    /** Whether a physical line ends in an odd number of backslashes: the next one continues it. */
    private static boolean continues(final String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return (n & 1) == 1;
    }
}
