package org.neurostream.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.neurostream.ingest.edf.EdfReader;
import org.neurostream.ingest.lsl.LslConfig;
import org.neurostream.ingest.lsl.LslInlet;
import org.neurostream.ingest.lsl.LslResolver;
import org.neurostream.ingest.lsl.StreamInfo;
import org.neurostream.ingest.lsl.StreamQuery;

/**
 * {@code lsl play} of a file, read back through our inlets: the data outlet and its marker outlet
 * resolved by name, every sample pulled (the first {@link #FIRST} values of channel 0 and the first
 * stamp kept), every marker pulled with its stamp, and the command's run once it ended. What the
 * play tests share; each asserts what its file should give.
 */
final class LslPlayback {
    /** Values of channel 0 kept from the start of the data stream. */
    static final int FIRST = 320;

    private static final long SECOND = LslCommandsTest.SECOND;

    /**
     * What was played.
     *
     * @param data the data outlet's full info
     * @param markers the marker outlet's full info
     * @param first the first {@link #FIRST} values of channel 0
     * @param firstStamp the stamp of the first sample
     * @param labels every marker, in order
     * @param markerStamps their stamps
     * @param run the command, ended
     * @param problems what the resolver and inlets reported
     */
    record Played(
            StreamInfo data,
            StreamInfo markers,
            List<Float> first,
            double firstStamp,
            List<String> labels,
            List<Double> markerStamps,
            CommandRun run,
            List<String> problems) {
        /** Asserts that channel 0 began, bit for bit, with the first samples {@code edf} holds. */
        void assertBeginsWith(final EdfReader edf) throws Exception {
            final float[] expected = new float[FIRST * edf.channelCount()];
            edf.read(expected, FIRST);
            for (int i = 0; i < FIRST; i++) {
                assertEquals(
                        Float.floatToRawIntBits(expected[i * edf.channelCount()]),
                        Float.floatToRawIntBits(first.get(i)),
                        "sample " + i);
            }
        }
    }

    private LslPlayback() {}

    /**
     * Plays {@code file} as {@code name} at {@code speed} ({@code lsl play ... --wait 20s}), reads
     * {@code samples} samples and {@code markerCount} markers, and waits for the command to end.
     */
    static Played play(
            final Path file,
            final String name,
            final double speed,
            final long samples,
            final int markerCount)
            throws Exception {
        final LslConfig c = LslCommandsTest.config();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        final CommandRun[] run = {null};
        final Thread player =
                new Thread(
                        () ->
                                run[0] =
                                        CommandRun.of(
                                                "lsl",
                                                "play",
                                                file.toString(),
                                                "--speed",
                                                Double.toString(speed),
                                                "--wait",
                                                "20s",
                                                "--name",
                                                name));
        player.start();
        final LslResolver resolver = new LslResolver(c, problems::add);
        final List<StreamInfo> data =
                resolver.resolve(StreamQuery.of("name='" + name + "'"), 1, 10 * SECOND);
        final List<StreamInfo> marks =
                resolver.resolve(StreamQuery.of("name='" + name + "-markers'"), 1, 10 * SECOND);
        assertEquals(1, data.size(), name);
        assertEquals(1, marks.size(), name + "-markers");
        final List<Float> first = new ArrayList<>();
        final double[] firstStamp = {Double.NaN};
        final List<String> labels = new ArrayList<>();
        final List<Double> markerStamps = new ArrayList<>();
        final StreamInfo dataInfo;
        final StreamInfo markerInfo;
        try (LslInlet in = LslInlet.open(data.get(0), c, 30, false, problems::add);
                LslInlet mi = LslInlet.open(marks.get(0), c, 30, false, problems::add)) {
            dataInfo = in.info();
            markerInfo = mi.info();
            long got = 0;
            while (got < samples) {
                final int n =
                        in.pull(
                                s -> {
                                    if (first.size() < FIRST) {
                                        first.add(s.floatValue(0));
                                    }
                                    if (Double.isNaN(firstStamp[0])) {
                                        firstStamp[0] = s.timestamp();
                                    }
                                },
                                4096,
                                10 * SECOND);
                assertTrue(n > 0, "samples stopped at " + got);
                got += n;
            }
            while (labels.size() < markerCount) {
                assertTrue(
                        mi.pull(
                                        s -> {
                                            labels.add(s.stringValue(0));
                                            markerStamps.add(s.timestamp());
                                        },
                                        100,
                                        10 * SECOND)
                                > 0,
                        "markers stopped at " + labels.size());
            }
        }
        player.join(60_000);
        return new Played(
                dataInfo,
                markerInfo,
                first,
                firstStamp[0],
                labels,
                markerStamps,
                run[0],
                List.copyOf(problems));
    }
}
