package org.neurostream.deploy.models;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.neurostream.core.Topics;
import org.neurostream.core.kafka.KafkaClients;
import org.neurostream.deploy.embedded.EmbeddedKafkaBroker;
import org.neurostream.models.pipeline.PipelineModel;

/**
 * Publishes decoder models to {@code neuro.models}, the use case behind {@code model publish} and
 * live calibration: the model file's text as the value, the model's name as the key, the next
 * version of that name (1, 2, ...: one more than the highest the topic holds for it) in the header
 * {@link Topics#MODEL_VERSION_HEADER}. Running jobs switch every stream to it at a window of the
 * stream's grid; a job started later takes the last one published. Every client has the user's
 * Kafka settings ({@link KafkaClients}: TLS, SASL). The topic is made (compacted, one partition)
 * when missing. Versions are counted from the topic, so two publishers of one name at the same
 * moment could give the same version: publish a name from one place.
 */
public final class ModelPublisher {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private ModelPublisher() {}

    /**
     * What was published.
     *
     * @param name the model's name (the record's key)
     * @param version its version
     * @param offset the record's offset in {@code neuro.models}
     * @param bytes the model file's length
     */
    public record Published(String name, long version, long offset, int bytes) {
        /** {@code NAME@VERSION}. */
        public String id() {
            return name + "@" + version;
        }

        /** {@code model publish: model=NAME@VERSION topic=neuro.models offset=O bytes=N}. */
        public String line() {
            return "model publish: model="
                    + id()
                    + " topic="
                    + Topics.MODELS
                    + " offset="
                    + offset
                    + " bytes="
                    + bytes;
        }
    }

    /**
     * Publishes the model file {@code file} (read and checked first).
     *
     * @throws org.neurostream.models.logistic.ModelFormatException when the file is no model (one
     *     line naming it and the reason)
     * @throws IOException when the broker cannot be reached or refuses the record
     */
    public static Published publish(
            final KafkaClients clients, final String bootstrap, final Path file)
            throws IOException {
        final String text = PipelineModel.readText(file);
        return publish(clients, bootstrap, PipelineModel.fromJson(text, file).name(), text);
    }

    /** Publishes {@code model} (its JSON, named by its name). */
    public static Published publish(
            final KafkaClients clients, final String bootstrap, final PipelineModel model)
            throws IOException {
        return publish(clients, bootstrap, model.name(), model.toJson());
    }

    private static Published publish(
            final KafkaClients clients,
            final String bootstrap,
            final String name,
            final String text)
            throws IOException {
        final byte[] value = text.getBytes(StandardCharsets.UTF_8);
        ensureTopic(clients, bootstrap);
        final long version = lastVersion(clients, bootstrap, name) + 1;
        try (KafkaProducer<byte[], byte[]> producer =
                clients.producer(
                        bootstrap,
                        Map.of(
                                "acks",
                                "all",
                                "enable.idempotence",
                                "true",
                                "max.request.size",
                                Integer.toString(
                                        EmbeddedKafkaBroker.COMPACTED_MAX_MESSAGE_BYTES)))) {
            final ProducerRecord<byte[], byte[]> record =
                    new ProducerRecord<>(
                            Topics.MODELS, 0, name.getBytes(StandardCharsets.UTF_8), value);
            record.headers()
                    .add(
                            Topics.MODEL_VERSION_HEADER,
                            Long.toString(version).getBytes(StandardCharsets.UTF_8));
            final RecordMetadata written =
                    producer.send(record).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new Published(name, version, written.offset(), value.length);
        } catch (final ExecutionException | TimeoutException e) {
            throw new IOException(
                    Topics.MODELS
                            + " at "
                            + bootstrap
                            + ": the model was not written: "
                            + cause(e));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while publishing " + name);
        }
    }

    /**
     * The highest version {@code neuro.models} holds for {@code name}, 0 when none (read from the
     * topic's start to its end).
     */
    public static long lastVersion(
            final KafkaClients clients, final String bootstrap, final String name)
            throws IOException {
        final TopicPartition partition = new TopicPartition(Topics.MODELS, 0);
        long last = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                clients.consumer(
                        bootstrap,
                        Map.of(
                                "enable.auto.commit",
                                "false",
                                "max.partition.fetch.bytes",
                                Integer.toString(32 << 20)))) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            final long end = consumer.endOffsets(List.of(partition), TIMEOUT).get(partition);
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (consumer.position(partition, TIMEOUT) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IOException(
                            Topics.MODELS + " at " + bootstrap + ": not read to its end in time");
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null
                            && name.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        last =
                                Math.max(
                                        last,
                                        version(
                                                r.headers()
                                                        .lastHeader(Topics.MODEL_VERSION_HEADER)));
                    }
                }
            }
        } catch (final org.apache.kafka.common.KafkaException e) {
            throw new IOException(Topics.MODELS + " at " + bootstrap + ": " + e.getMessage());
        }
        return last;
    }

    private static long version(final Header header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(new String(header.value(), StandardCharsets.UTF_8).strip());
        } catch (final NumberFormatException e) {
            return 0;
        }
    }

    /** Makes {@code neuro.models} (compacted, one partition) when the broker has none. */
    private static void ensureTopic(final KafkaClients clients, final String bootstrap)
            throws IOException {
        try (Admin admin =
                clients.admin(
                        bootstrap,
                        Map.of(
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                Long.toString(TIMEOUT.toMillis())))) {
            final Set<String> topics =
                    admin.listTopics().names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (!topics.contains(Topics.MODELS)) {
                try {
                    admin.createTopics(
                                    List.of(
                                            EmbeddedKafkaBroker.newTopic(
                                                    Topics.MODELS, 1, (short) 1)))
                            .all()
                            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (final ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (final ExecutionException | TimeoutException e) {
            throw new IOException("Kafka at " + bootstrap + ": " + cause(e));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reaching Kafka at " + bootstrap);
        }
    }

    private static String cause(final Exception e) {
        final Throwable c =
                e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return c.getMessage() == null ? c.toString() : c.getMessage();
    }
}
