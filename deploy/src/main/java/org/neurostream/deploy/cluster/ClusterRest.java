package org.neurostream.deploy.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small client of Flink's REST API ({@code /overview}, {@code /taskmanagers}, {@code /jobs}),
 * enough to wait for a cluster, show it, watch a job fail over and take its savepoints.
 */
public final class ClusterRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http;
    private final String base;

    /** A client of the REST endpoint at {@code host:port}. */
    public ClusterRest(final String host, final int port) {
        this.http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build();
        this.base = "http://" + host + ":" + port;
    }

    /** One registered TaskManager: its id, slots in all and free slots. */
    public record TaskManager(String id, int slots, int freeSlots) {}

    /** One job: id, name and state (RUNNING, RESTARTING, FAILED, ...). */
    public record Job(String id, String name, String state) {}

    /**
     * GETs {@code path} and parses the JSON answer.
     *
     * @throws IOException when the endpoint does not answer or answers with an error status
     */
    public JsonNode get(final String path) throws IOException {
        final HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT).build();
        final HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + base + path, e);
        }
        if (response.statusCode() != 200) {
            throw new IOException(
                    base + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /**
     * POSTs {@code body} (JSON) to {@code path} and parses the JSON answer.
     *
     * @throws IOException when the endpoint does not answer or answers with an error status
     */
    public JsonNode post(final String path, final JsonNode body) throws IOException {
        final HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(REQUEST_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build();
        final HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while posting to " + base + path, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException(
                    base + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** Whether the endpoint answers at all. */
    public boolean reachable() {
        try {
            get("/config");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The TaskManagers registered with the ResourceManager. */
    public List<TaskManager> taskManagers() throws IOException {
        final List<TaskManager> out = new ArrayList<>();
        for (final JsonNode tm : get("/taskmanagers").path("taskmanagers")) {
            out.add(
                    new TaskManager(
                            tm.path("id").asText(),
                            tm.path("slotsNumber").asInt(),
                            tm.path("freeSlots").asInt()));
        }
        return out;
    }

    /** The cluster overview: TaskManagers, slots, jobs by state, Flink version. */
    public JsonNode overview() throws IOException {
        return get("/overview");
    }

    /** Every job the cluster knows, newest state. */
    public List<Job> jobs() throws IOException {
        final List<Job> out = new ArrayList<>();
        for (final JsonNode j : get("/jobs/overview").path("jobs")) {
            out.add(
                    new Job(
                            j.path("jid").asText(),
                            j.path("name").asText(),
                            j.path("state").asText()));
        }
        return out;
    }

    /** The job's state. */
    public String jobState(final String jobId) throws IOException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /**
     * Whether the job is RUNNING and every subtask of every vertex runs an attempt deployed at or
     * after {@code sinceEpochMs}: the job came back from a failure at that time.
     */
    public boolean runningSince(final String jobId, final long sinceEpochMs) throws IOException {
        final JsonNode job = get("/jobs/" + jobId);
        if (!"RUNNING".equals(job.path("state").asText())) {
            return false;
        }
        for (final JsonNode v : job.path("vertices")) {
            for (final JsonNode s :
                    get("/jobs/" + jobId + "/vertices/" + v.path("id").asText()).path("subtasks")) {
                if (!"RUNNING".equals(s.path("status").asText())
                        || s.path("start-time").asLong() < sinceEpochMs) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The name the job's first keyed vertex starts with: the per-stream sequence check, with the
     * per-stream operators (band power, decoder, ...) chained to it, so its subtasks show how the
     * stream keys are spread over the TaskManagers.
     */
    public static final String KEYED_VERTEX = "sequence check";

    /**
     * The subtasks of the job's first vertex whose name starts with {@code vertexPrefix}: where
     * each runs and how many records it read.
     */
    public Vertex vertex(final String jobId, final String vertexPrefix) throws IOException {
        for (final JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            if (!v.path("name").asText().startsWith(vertexPrefix)) {
                continue;
            }
            final JsonNode d = get("/jobs/" + jobId + "/vertices/" + v.path("id").asText());
            final List<String> tms = new ArrayList<>();
            final List<Long> records = new ArrayList<>();
            for (final JsonNode s : d.path("subtasks")) {
                tms.add(s.path("taskmanager-id").asText());
                records.add(s.path("metrics").path("read-records").asLong());
            }
            return new Vertex(d.path("maxParallelism").asInt(), tms, records);
        }
        throw new IOException("job " + jobId + " has no vertex named " + vertexPrefix + "...");
    }

    /**
     * A job vertex's subtasks, by subtask index.
     *
     * @param maxParallelism the key-group count its keys are spread over
     * @param taskManagers the TaskManager id each subtask runs on
     * @param recordsIn records each subtask read
     */
    public record Vertex(int maxParallelism, List<String> taskManagers, List<Long> recordsIn) {}
}
