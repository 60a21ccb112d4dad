package org.neurostream.deploy.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.ConfigOption;
import org.junit.jupiter.api.Test;

/**
 * The README's "Configuration" table is the job options as {@link JobOptions} defines them: a
 * changed key, type, default or description fails here, with the table to paste in the message.
 */
class ReadmeOptionsTest {
    private static final Path HOME = Path.of(System.getProperty("neurostream.home", "."));
    private static final String BEGIN =
            "<!-- job options: generated from deploy.job.JobOptions -->";
    private static final String END = "<!-- end of job options -->";

    @Test
    void shouldListEveryJobOptionInTheReadmeAsJobOptionsDefinesIt() throws Exception {
        final String readme = Files.readString(HOME.resolve("README.md"), StandardCharsets.UTF_8);
        final int from = readme.indexOf(BEGIN);
        final int to = readme.indexOf(END);
        assertTrue(from >= 0 && to > from, "README.md has no " + BEGIN + " ... " + END);
        assertEquals(table(), readme.substring(from + BEGIN.length() + 1, to), "README table");
    }

    @Test
    void shouldNameEveryOptionOnTheCommandLineAsItsKeyWithoutThePrefix() {
        for (final ConfigOption<?> o : JobOptions.ALL) {
            assertEquals(o, JobOptions.byCliName(JobOptions.cliName(o)));
            assertTrue(o.key().startsWith(JobOptions.PREFIX), o.key());
        }
    }

    /** The table as the README holds it, one row per option in {@link JobOptions#ALL}. */
    private static String table() {
        final StringBuilder t =
                new StringBuilder(
                        "| key | command line | type | default | description |\n"
                                + "|---|---|---|---|---|\n");
        for (final ConfigOption<?> o : JobOptions.ALL) {
            t.append("| `")
                    .append(o.key())
                    .append("` | `")
                    .append(JobOptions.cliName(o))
                    .append("` | ")
                    .append(JobOptions.typeName(o).replace("|", "\\|"))
                    .append(" | ")
                    .append(JobOptions.defaultText(o))
                    .append(" | ")
                    .append(JobOptions.description(o).replace("|", "\\|"))
                    .append(" |\n");
        }
        return t.toString();
    }
}
