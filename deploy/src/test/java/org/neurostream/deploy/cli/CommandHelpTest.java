package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.ingest.identifiers.Identifiers;
import org.neurostream.monitoring.dashboard.DashboardAccess;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The help of every command comes whole from its annotations and {@code CommandHelp.properties}: a
 * key misspelt on either side leaves an option or a command without a description, or a text in the
 * file that no command shows.
 */
class CommandHelpTest {
    private static final Pattern BUNDLE_REFERENCE = Pattern.compile("\\$\\{bundle:([^}]+)}");

    @Test
    void shouldDescribeEveryCommandOptionAndParameter() {
        final List<String> missing = new ArrayList<>();
        walk(NeuroStreamCli.commandLine(), missing, new TreeSet<>());
        assertEquals(List.of(), missing);
    }

    @Test
    void shouldUseEveryTextOfTheHelpFile() throws IOException {
        final Set<String> used = new TreeSet<>();
        walk(NeuroStreamCli.commandLine(), new ArrayList<>(), used);
        final Properties file = new Properties();
        try (InputStream in = NeuroStreamCli.class.getResourceAsStream("CommandHelp.properties")) {
            file.load(in);
        }
        for (final String key : file.stringPropertyNames()) {
            final Matcher m = BUNDLE_REFERENCE.matcher(file.getProperty(key));
            while (m.find()) {
                used.add(m.group(1));
            }
        }
        final Set<String> unused = new TreeSet<>();
        for (final String key : file.stringPropertyNames()) {
            final String base = key.replaceAll("\\.[0-9]+$", "");
            if (!used.contains(base)) {
                unused.add(key);
            }
        }
        assertTrue(unused.isEmpty(), "keys no command reads: " + unused);
    }

    @Test
    void shouldNameTheEnvironmentVariablesAsTheCodeDefinesThem() {
        final String demo = CommandRun.of("demo", "--help").out();
        assertTrue(demo.contains(DashboardAccess.TOKEN_VARIABLE), demo);
        assertTrue(demo.contains(Identifiers.KEY_VARIABLE), demo);
        final String replay = CommandRun.of("replay", "--help").out();
        assertTrue(replay.contains(KafkaClients.ENVIRONMENT_VARIABLE), replay);
    }

    private static void walk(
            final CommandLine cli, final List<String> missing, final Set<String> used) {
        final CommandSpec spec = cli.getCommandSpec();
        final String name = spec.qualifiedName(".");
        if (!(spec.userObject() instanceof CommandLine.HelpCommand)) {
            used.add(name + ".usage.description");
            if (spec.usageMessage().description().length == 0) {
                missing.add(name + ": no description");
            }
        }
        for (final OptionSpec o : spec.options()) {
            used.add(o.descriptionKey());
            final String bare = o.longestName().replaceFirst("^-+", "");
            used.add(name + "." + bare);
            used.add(bare);
            if (!o.hidden() && (o.description().length == 0 || o.description()[0].isBlank())) {
                missing.add(name + " " + o.longestName() + ": no description");
            }
        }
        for (final PositionalParamSpec p : spec.positionalParameters()) {
            if (p.description().length == 0 || p.description()[0].isBlank()) {
                missing.add(name + " " + p.paramLabel() + ": no description");
            }
        }
        for (final CommandLine sub : cli.getSubcommands().values()) {
            walk(sub, missing, used);
        }
    }
}
