package org.neurostream.deploy.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The parent of the spiking-motif commands: detect, train, bench, make-demo. */
@Command(
        name = "motifs",
        mixinStandardHelpOptions = true,
        description = {
            "Spiking-motif detection with heterogeneous delays: detect, train, bench.",
            "",
            "Spiking motifs with heterogeneous delays (HD-SNN; Grimaldi & Perrinet 2023, Perrinet,"
                    + " ICANN 2023): detection with a kernel K[m, a, d], training of kernels from"
                    + " labelled spikes, and the synthetic benchmark. Starts no Flink and no"
                    + " Kafka.",
            "",
            "Conventions: bin = floor(t_us / bin_us); A[a, t] = events of address a in bin t;"
                    + " V[m, t] = b[m] + sum over a, d of K[m, a, d] A[a, t - d] (causal: delay 0"
                    + " is"
                    + " the current bin); P(motif m ends in bin t) = sigmoid(V[m, t])."
        },
        subcommands = {
            MotifsDetectCommand.class,
            MotifsTrainCommand.class,
            MotifsBenchCommand.class,
            MotifsMakeDemoCommand.class
        })
final class MotifsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
