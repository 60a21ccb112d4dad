package org.neurostream.deploy.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurostream.deploy.process.ShutdownSignal;
import org.neurostream.ingest.lsl.LslException;
import org.neurostream.ingest.lsl.LslRecorder;
import org.neurostream.ingest.lsl.LslSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurostream lsl record}: LSL streams and their markers into a journal. */
@Command(
        name = "record",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Journals LSL streams and their markers, like LabRecorder but into our journal: each"
                    + " numeric stream becomes <session>/<stream name> (frames of --frame samples,"
                    + " device time = the clock-corrected LSL stamp minus that of the stream's"
                    + " first sample, kept as lsl_origin in journal.json; samples lost to an outlet"
                    + " restart or a full buffer advance the frame sequence, so replays report the"
                    + " gap); each marker stream (string format) becomes markers in the journal,"
                    + " time_ns in the device time of the stream it pairs with.",
            "Marker streams: those --markers names; without it, a stream <name>-markers pairs with"
                    + " <name>. A --stream matching a string stream records it as markers.",
            "Ends after --duration, or on Ctrl-C, and prints one line: record: streams=N"
                    + " marker_streams=N samples=N frames=N markers=N gaps=N lost_samples=N"
                    + " overflowed=N dropped=N.",
            "Exit codes: 0 done; 2 a predicate matches nothing (nothing recorded); 3 a stream was"
                    + " dropped (what came before is recorded).",
            "",
            LslCommand.NETWORK
        })
final class LslRecordCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--stream",
            required = true,
            paramLabel = "PRED",
            description = "A liblsl predicate; X alone means name='X'. Repeatable.")
    List<String> streams;

    @Option(names = "--journal", required = true, paramLabel = "DIR", description = "New folder.")
    Path journal;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            description = "Stop after this long (default: until Ctrl-C).")
    Duration duration;

    @Option(
            names = "--session",
            paramLabel = "NAME",
            description = "Session name (default: lsl-<date>-<time>).")
    String session;

    @Option(
            names = "--frame",
            paramLabel = "N",
            description = "Samples per frame (default: about 20 ms of each stream).")
    int frame;

    @Mixin LslInputOptions lsl;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final LslSession.Summary s;
        // Ctrl-C: stop the bridges and let the journal close as a whole, shorter session
        try (ShutdownSignal stop = ShutdownSignal.install("lsl-record", Duration.ofSeconds(20))) {
            s =
                    LslRecorder.record(
                            LslCommand.config(),
                            new LslRecorder.Options(
                                    streams.stream().map(LslCommand::predicate).toList(),
                                    lsl.markerQueries(),
                                    journal,
                                    session,
                                    duration == null ? 0 : duration.toNanos(),
                                    lsl.timeout.toNanos(),
                                    frame,
                                    lsl.buffer),
                            LslCommand.problems(spec),
                            () -> !stop.requested());
        } catch (final LslException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        out.printf(
                "record: streams=%d marker_streams=%d samples=%d frames=%d markers=%d gaps=%d"
                        + " lost_samples=%d overflowed=%d dropped=%d%n",
                s.streams(),
                s.markerStreams(),
                s.samples(),
                s.frames(),
                s.markers(),
                s.gaps(),
                s.lostSamples(),
                s.overflowed(),
                s.dropped());
        out.flush();
        return s.dropped() > 0 ? CliException.PARTIAL_INPUT : 0;
    }
}
