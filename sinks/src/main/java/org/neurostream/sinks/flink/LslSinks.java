package org.neurostream.sinks.flink;

import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/** What the LSL sinks share: where the faults of their outlets' peers are reported. */
final class LslSinks {
    private LslSinks() {}

    /** One warning in the log per fault of a peer, named by the sink. */
    static Consumer<String> problems(final Class<?> sink) {
        final org.slf4j.Logger log = LoggerFactory.getLogger(sink);
        return line -> log.warn("lsl: {}", line);
    }
}
