package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The command line builds only the command it runs, and every command for the overview. */
class NeuroStreamCliTest {
    @Test
    void shouldBuildOnlyTheCommandTheFirstArgumentNames() {
        assertEquals(
                Set.of("bandpower"),
                NeuroStreamCli.commandLine(new String[] {"bandpower", "--help"})
                        .getSubcommands()
                        .keySet());
        assertEquals(
                Set.of("motifs"),
                NeuroStreamCli.commandLine(new String[] {"motifs", "detect"})
                        .getSubcommands()
                        .keySet());
    }

    @Test
    void shouldBuildEveryCommandForHelpAndUnknownNames() {
        final List<String> all =
                List.copyOf(NeuroStreamCli.commandLine().getSubcommands().keySet());
        assertEquals(23, all.size(), all.toString());
        assertEquals("help", all.get(all.size() - 1));
        for (final String[] args :
                new String[][] {{}, {"--help"}, {"help", "bandpower"}, {"no-such-command"}}) {
            assertEquals(
                    all, List.copyOf(NeuroStreamCli.commandLine(args).getSubcommands().keySet()));
        }
    }

    @Test
    void shouldListEveryCommandInTheOverview() {
        final CommandRun run = CommandRun.of("--help");
        assertEquals(0, run.exitCode());
        for (final String name : NeuroStreamCli.commandLine().getSubcommands().keySet()) {
            assertTrue(run.out().contains("\n  " + name + " "), name);
        }
    }
}
