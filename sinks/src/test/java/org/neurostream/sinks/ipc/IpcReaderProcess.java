package org.neurostream.sinks.ipc;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The other process of {@link IpcCrossProcessTest}: opens FILE, prints "ready", then one line per
 * prediction ({@code sequence stream model label probability startNs endNs ingestNs}) until COUNT
 * have arrived or TIMEOUT_MS passes, then "dropped N".
 */
public final class IpcReaderProcess {
    private IpcReaderProcess() {}

    public static void main(final String[] args) throws Exception {
        final Path file = Path.of(args[0]);
        final int count = Integer.parseInt(args[1]);
        final long deadline = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000L;
        final PrintStream out = new PrintStream(System.out, false, "UTF-8");
        while (!Files.exists(file)) {
            Thread.onSpinWait();
        }
        final IpcPredictionDecoder d = new IpcPredictionDecoder();
        final int[] seen = {0};
        try (IpcPredictionReader reader = IpcPredictionReader.open(file)) {
            out.println("ready");
            out.flush();
            while (seen[0] < count && System.nanoTime() < deadline) {
                reader.poll(
                        (buffer, offset, length) -> {
                            d.wrap(buffer, offset, length);
                            out.println(
                                    String.format(
                                            Locale.ROOT,
                                            "%d %s %d %s %s %s %d %d %d",
                                            d.sequence(),
                                            d.streamId(),
                                            d.streamSeq(),
                                            d.model(),
                                            d.label(),
                                            Double.toString(d.probability()),
                                            d.startNs(),
                                            d.endNs(),
                                            d.ingestNs()));
                            seen[0]++;
                        });
            }
            out.println("dropped " + reader.dropped());
        }
        out.flush();
        System.exit(seen[0] == count ? 0 : 1);
    }
}
