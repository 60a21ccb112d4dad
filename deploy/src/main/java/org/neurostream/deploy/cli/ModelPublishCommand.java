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
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Publishes a decoder model file to the compacted topic neuro.models: key the model's"
                    + " name, value the file, header 'version' the next version of that name (1, 2,"
                    + " ...: one more than the topic holds; 0 is the model a job started with)."
                    + " Running jobs switch every stream to it at the stream's next window (a model"
                    + " with other filters after a warm-up of two windows); a stream it does not fit"
                    + " keeps its model and the job writes a dead letter. Makes the topic"
                    + " (compacted, one partition) when missing.",
            "",
            "Ends with: model publish: model=NAME@VERSION topic=neuro.models offset=O bytes=N",
            "",
            "Exit codes: 0 published; 2 a file that is no model (one line: the file, the field,"
                    + " the reason) or a --kafka-config that does not parse; 1 Kafka unreachable or"
                    + " refusing."
        })
final class ModelPublishCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file (JSON).")
    Path model;

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers.")
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
