package org.neurostream.sinks.lsl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.util.function.Consumer;
import org.neurostream.core.records.AlertRecord;
import org.neurostream.core.records.RecordJson;
import org.neurostream.ingest.lsl.ChannelFormat;
import org.neurostream.ingest.lsl.LslClock;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslOutlet;
import org.neurostream.ingest.lsl.StreamInfo;

/**
 * Alerts as an LSL marker outlet: name {@value #NAME}, type {@code Markers}, one string channel,
 * irregular rate, source id {@value #SOURCE_ID}; each alert is one marker holding the alert's JSON
 * form ({@link RecordJson}: rule, status, stream, reason, value...), stamped with the LSL time of
 * the end of its window for device-time alerts whose stream's LSL origin is known ({@link
 * SessionTimeBase}), else with the time of the push. Recorders such as LabRecorder keep it beside
 * the data. One thread pushes.
 */
public final class AlertOutlet implements AutoCloseable {
    /** The outlet's name. */
    public static final String NAME = "neurostream-alerts";

    /** Its source id. */
    public static final String SOURCE_ID = "neurostream/alerts";

    private static final ObjectWriter JSON = RecordJson.newMapper().writer();

    private final LslOutlet outlet;
    private final SessionTimeBase timeBase;
    private final String[] sample = new String[1];

    /**
     * Opens the outlet.
     *
     * @throws IOException when no port can be bound
     */
    public AlertOutlet(
            final LslConfig config, final SessionTimeBase timeBase, final Consumer<String> problems)
            throws IOException {
        this.timeBase = timeBase;
        this.outlet =
                LslOutlet.open(
                        StreamInfo.builder(
                                        NAME,
                                        "Markers",
                                        1,
                                        StreamInfo.IRREGULAR_RATE,
                                        ChannelFormat.STRING,
                                        SOURCE_ID)
                                .build(),
                        config,
                        problems);
    }

    /** Pushes {@code alert} as a marker. */
    public void push(final AlertRecord alert) throws IOException {
        try {
            sample[0] = JSON.writeValueAsString(alert);
        } catch (final JsonProcessingException e) {
            throw new IOException("alert " + alert.id + " not writable as JSON", e);
        }
        // device-time alerts (feature, statistic rules) map back onto their stream's LSL time
        final double stamp =
                "device".equals(alert.timeBase) && alert.streamId != null
                        ? timeBase.lslTime(alert.streamId, alert.windowEndNs)
                        : Double.NaN;
        outlet.pushSample(sample, Double.isNaN(stamp) ? LslClock.now() : stamp);
    }

    /** The outlet (its info, its consumers). */
    public LslOutlet outlet() {
        return outlet;
    }

    @Override
    public void close() {
        outlet.close();
    }
}
