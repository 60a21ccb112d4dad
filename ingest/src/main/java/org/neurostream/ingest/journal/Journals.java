package org.neurostream.ingest.journal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Finding journals on disk and what they take up there. */
public final class Journals {
    private Journals() {}

    /**
     * {@code dir} itself when it is a journal, else the journals directly in it, sorted by name
     * (possibly none).
     *
     * @throws NoSuchFileException when {@code dir} is no folder
     */
    public static List<Path> in(final Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "no such folder");
        }
        if (Files.isRegularFile(dir.resolve(JournalFormat.METADATA_FILE))) {
            return List.of(dir);
        }
        final List<Path> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (final Path c : children.sorted().toList()) {
                if (Files.isRegularFile(c.resolve(JournalFormat.METADATA_FILE))) {
                    found.add(c);
                }
            }
        }
        return found;
    }

    /**
     * Lists the journals {@link #in} {@code dir} as {@code sessions} does: each journal's {@link
     * #describe} lines to {@code lines}, and the one-line problem of each journal that is damaged
     * or unreadable to {@code problems} (the others are still listed).
     *
     * @return whether every journal was read whole
     * @throws NoSuchFileException when {@code dir} is no folder or holds no journal
     */
    public static boolean list(
            final Path dir, final Consumer<String> lines, final Consumer<String> problems)
            throws IOException {
        final List<Path> journals = in(dir);
        if (journals.isEmpty()) {
            throw new NoSuchFileException(dir.toString(), null, "no journals here");
        }
        boolean whole = true;
        for (final Path j : journals) {
            final JournalSummary s;
            try {
                s = JournalSummary.scan(j);
            } catch (final JournalFormatException e) {
                problems.accept(e.getMessage());
                whole = false;
                continue;
            }
            describe(j, s).forEach(lines);
            if (s.problem() != null) {
                problems.accept(s.problem());
                whole = false;
            }
        }
        return whole;
    }

    /**
     * Allocated size of the journal's files: {@code du} where there is one, since Chronicle's queue
     * files are sparse and their length overstates them; else the files' lengths.
     */
    public static long diskBytes(final Path journal) throws IOException {
        try {
            final Process p =
                    new ProcessBuilder("du", "-sk", journal.toString())
                            .redirectErrorStream(true)
                            .start();
            final String text =
                    new String(
                            p.getInputStream().readAllBytes(),
                            java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() == 0) {
                return Long.parseLong(text.trim().split("\\s+")[0]) * 1024;
            }
        } catch (final IOException | NumberFormatException e) {
            // no du: fall back to the files' lengths
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long total = 0;
        try (Stream<Path> files = Files.list(journal)) {
            for (final Path f : files.toList()) {
                total += Files.size(f);
            }
        }
        return total;
    }

    /**
     * The {@code sessions} lines of one journal: {@code DIR session=S state=STATE frames=N
     * duration_s=X size_mb=Y}, then {@code STREAM channels=N frames=N duration_s=X} per stream; the
     * duration is the longest stream's.
     */
    public static List<String> describe(final Path journal, final JournalSummary s)
            throws IOException {
        final double duration =
                s.streams().stream()
                        .mapToDouble(JournalSummary.StreamSummary::seconds)
                        .max()
                        .orElse(0);
        final List<String> lines = new ArrayList<>();
        lines.add(
                String.format(
                        java.util.Locale.ROOT,
                        "%s  session=%s state=%s frames=%d duration_s=%.3f size_mb=%.3f",
                        journal,
                        s.metadata().sessionId,
                        s.state().name().toLowerCase(java.util.Locale.ROOT),
                        s.frames(),
                        duration,
                        diskBytes(journal) / 1e6));
        for (final JournalSummary.StreamSummary st : s.streams()) {
            lines.add(
                    String.format(
                            java.util.Locale.ROOT,
                            "    %s  channels=%d frames=%d duration_s=%.3f",
                            st.streamId,
                            st.channels,
                            st.frames,
                            st.seconds()));
        }
        return lines;
    }
}
