package org.neurostream.deploy.cli;

/**
 * The jar's entry point: {@code motifs detect} with plain arguments runs without picocli ({@link
 * MotifsDetectFastPath}), everything else is {@link NeuroStreamCli#main}. No method here names a
 * picocli type: the JVM resolves every method signature of the main class before calling {@code
 * main}, and picocli's {@code CommandLine} (class file version 49, which class-data sharing cannot
 * archive) costs a short run its parsing and verification.
 */
public final class NeuroStreamMain {
    private NeuroStreamMain() {}

    public static void main(final String[] args) {
        final int fast = MotifsDetectFastPath.run(args);
        if (fast != MotifsDetectFastPath.DECLINED) {
            System.exit(fast);
        }
        NeuroStreamCli.main(args);
    }
}
