package org.neurostream.core.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Folder housekeeping that several modules need: one implementation, for main code and tests. */
public final class Folders {
    private Folders() {}

    /**
     * Deletes {@code path} and, when it is a folder, everything in it, deepest first. A path that
     * does not exist is left as it is; symbolic links are deleted, not followed.
     *
     * @throws IOException naming the first entry that could not be deleted
     */
    public static void deleteRecursively(final Path path) throws IOException {
        final List<Path> entries;
        try (Stream<Path> walk = Files.walk(path)) {
            entries = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (final NoSuchFileException e) {
            return;
        }
        for (final Path p : entries) {
            Files.deleteIfExists(p);
        }
    }
}
