package org.neurostream.operators.avalanche;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Golden files under src/test/resources/avalanche. */
final class Resources {
    private Resources() {}

    static List<String> lines(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/avalanche/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource avalanche/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** key=value lines. */
    static Map<String, String> properties(String name) {
        Map<String, String> map = new HashMap<>();
        for (String line : lines(name)) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                map.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return map;
    }
}
