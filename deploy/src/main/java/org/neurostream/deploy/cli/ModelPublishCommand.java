package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.core.kafka.KafkaConfigException;
import org.neurostream.deploy.models.ModelPublisher;
import org.neurostream.models.logistic.ModelFormatException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Publishes a model file to neuro.models. */
@Command(name = "publish", mixinStandardHelpOptions = true, sortOptions = false)
final class ModelPublishCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (JSON).")
    Path model;

    @Option(names = "--bootstrap", required = true, paramLabel = "HOST:PORT")
    String bootstrap;

    @Mixin KafkaClientOptions kafka;

    @Override
    public Integer call() {
        final ModelPublisher.Published published;
        try {
            published = ModelPublisher.publish(kafka.clients(), bootstrap, model);
        } catch (final ModelFormatException | KafkaConfigException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        } catch (final IOException e) {
            throw new CliException(1, e.getMessage());
        }
        spec.commandLine().getOut().println(published.line());
        return 0;
    }
}
