package org.neurostream.core.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldersTest {
    @TempDir Path dir;

    @Test
    void shouldDeleteAFolderWithEverythingInIt() throws Exception {
        final Path root = Files.createDirectories(dir.resolve("a/b/c"));
        Files.writeString(root.resolve("f.txt"), "x");
        Files.writeString(dir.resolve("a/g.txt"), "y");
        Folders.deleteRecursively(dir.resolve("a"));
        assertFalse(Files.exists(dir.resolve("a")));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void shouldLeaveAMissingPathAlone() throws Exception {
        Folders.deleteRecursively(dir.resolve("none"));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void shouldDeleteALinkWithoutTheFolderItPointsTo() throws Exception {
        final Path target = Files.createDirectories(dir.resolve("target"));
        Files.writeString(target.resolve("kept.txt"), "x");
        final Path holder = Files.createDirectories(dir.resolve("holder"));
        Files.createSymbolicLink(holder.resolve("link"), target);
        Folders.deleteRecursively(holder);
        assertFalse(Files.exists(holder));
        assertTrue(Files.exists(target.resolve("kept.txt")));
    }
}
