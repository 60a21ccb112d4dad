package org.neurostream.deploy.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.util.TimeUtils;
import org.junit.jupiter.api.Test;
import org.neurostream.core.Topics;

/**
 * The Kubernetes manifests in deploy/k8s parse as YAML, and say what the job needs: the Flink
 * Kubernetes Operator's FlinkDeployment with image, jar, entry class, parallelism, checkpoints, HA
 * and JVM flags, and one Strimzi KafkaTopic per topic of {@link Topics#ALL}.
 */
class K8sManifestsTest {
    private static final Path K8S =
            Path.of(System.getProperty("neurostream.home", ".")).resolve("deploy/k8s");

    @Test
    void shouldGiveEveryManifestAnApiVersionKindAndName() throws Exception {
        final List<JsonNode> docs = documents();
        assertTrue(docs.size() >= 1 + Topics.ALL.size(), docs.size() + " documents");
        for (final JsonNode d : docs) {
            assertFalse(d.path("apiVersion").asText().isEmpty(), d.toString());
            assertFalse(d.path("kind").asText().isEmpty(), d.toString());
            assertFalse(d.path("metadata").path("name").asText().isEmpty(), d.toString());
        }
    }

    @Test
    void shouldDescribeTheJobAsAFlinkDeployment() throws Exception {
        final JsonNode d = only("FlinkDeployment");
        assertEquals("flink.apache.org/v1beta1", d.path("apiVersion").asText());
        final JsonNode spec = d.path("spec");
        assertFalse(spec.path("image").asText().isEmpty());
        assertTrue(spec.path("flinkVersion").asText().startsWith("v2_"));
        assertTrue(spec.path("job").path("jarURI").asText().endsWith("/neurostream-cli.jar"));
        assertEquals(JobMain.class.getName(), spec.path("job").path("entryClass").asText());
        assertTrue(spec.path("job").path("parallelism").asInt() >= 1);
        final JsonNode conf = spec.path("flinkConfiguration");
        assertTrue(
                TimeUtils.parseDuration(conf.path("execution.checkpointing.interval").asText())
                                .toMillis()
                        > 0);
        assertEquals("kubernetes", conf.path("high-availability.type").asText());
        assertFalse(conf.path("high-availability.storageDir").asText().isEmpty());
        assertFalse(conf.path("restart-strategy.type").asText().isEmpty());
        final Duration timeout = TimeUtils.parseDuration(conf.path("heartbeat.timeout").asText());
        assertTrue(timeout.compareTo(Duration.ofSeconds(30)) < 0, timeout.toString());
        assertEquals(
                String.join(" ", ClusterConfig.jvmFlags()),
                conf.path("env.java.opts.all").asText());
        // every configuration value is a string, as the CRD demands
        conf.fields().forEachRemaining(e -> assertTrue(e.getValue().isTextual(), e.getKey()));
    }

    @Test
    void shouldDeclareExactlyTheTopicsOfTheCode() throws Exception {
        final List<String> names = new ArrayList<>();
        for (final JsonNode d : documents()) {
            if (d.path("kind").asText().equals("KafkaTopic")) {
                assertEquals("kafka.strimzi.io/v1beta2", d.path("apiVersion").asText());
                assertFalse(
                        d.path("metadata")
                                .path("labels")
                                .path("strimzi.io/cluster")
                                .isMissingNode());
                assertTrue(d.path("spec").path("partitions").asInt() >= 1);
                assertTrue(d.path("spec").path("replicas").asInt() >= 1);
                final String name = d.path("spec").path("topicName").asText();
                names.add(name);
                if (Topics.COMPACTED.contains(name)) {
                    assertEquals(1, d.path("spec").path("partitions").asInt(), name);
                    assertEquals(
                            "compact",
                            d.path("spec").path("config").path("cleanup.policy").asText(),
                            name);
                }
            }
        }
        assertEquals(Topics.ALL, names);
    }

    private static JsonNode only(final String kind) throws Exception {
        final List<JsonNode> found =
                documents().stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
        assertEquals(1, found.size(), kind);
        return found.get(0);
    }

    private static List<JsonNode> documents() throws Exception {
        final YAMLMapper yaml = new YAMLMapper();
        final List<JsonNode> docs = new ArrayList<>();
        final List<Path> files;
        try (Stream<Path> s = Files.list(K8S)) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no manifests in " + K8S);
        for (final Path f : files) {
            try (MappingIterator<JsonNode> it =
                    yaml.readerFor(JsonNode.class).readValues(f.toFile())) {
                while (it.hasNext()) {
                    docs.add(it.next());
                }
            }
        }
        return docs;
    }
}
