package org.neurostream.deploy.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurostream.ingest.calcium.CalciumTraceReader;
import org.neurostream.ingest.calcium.CalciumTraces;
import org.neurostream.ingest.calcium.TraceFileOptions;
import org.neurostream.operators.calcium.CalciumAnalysis;
import org.neurostream.operators.calcium.CalciumOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Offline dF/F and spike inference of calcium traces with the job's own calcium kernel. */
@Command(
        name = "calcium",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "dF/F and inferred spike events of calcium-imaging traces.",
            "",
            "dF/F and inferred spike events of calcium-imaging traces (F, and the neuropil Fneu, as"
                    + " suite2p writes them; or dF/F already), frame by frame with the streaming kernel"
                    + " of the job (docs/features.md#calcium-imaging). Starts no Flink and no Kafka.",
            "",
            "Input layout: .npy or delimited text, one row per ROI and one column per frame"
                    + " (--frames-as-rows for the transpose).",
            "Pipeline: x = F - r Fneu; F0 = running q-th percentile of the last W finite x; dF/F ="
                    + " (x - F0) / F0; OASIS AR(1) with minimum spike size s_min, spikes reported"
                    + " --lag frames late. A non-finite sample is skipped for its ROI; an ROI whose"
                    + " baseline reaches 0 or below (all-zero ROIs at once) is silenced: no dF/F and"
                    + " no events from then on.",
            "",
            "Writes into --out:",
            "  dff.csv     header frame,t_us,<ROI label>...: one row per frame, one column per ROI;"
                    + " an empty field where the ROI has no dF/F (non-finite sample, silenced ROI).",
            "  events.csv  header t_us,address,amplitude: one row per inferred spike, sorted by t_us"
                    + " then address; t_us = round(frame * 1e6 / fs) of the frame the spike was"
                    + " inferred at, address = 0-based ROI index, amplitude = spike size in dF/F.",
            "  rois.csv    header address,label,status,silenced_frame,nonfinite_frames,events,g,"
                    + "noise_sigma,oasis_baseline: status is ok or words joined by + (silenced,"
                    + " all_zero, non_finite, g_fallback); silenced_frame -1 when never.",
            "",
            "Exit codes: 0 done; 2 unusable input or options (nothing written)."
        })
final class CalciumCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "F.npy|F.csv",
            description = "Fluorescence traces (raw F, or dF/F with --input-is-dff).")
    Path input;

    @Option(
            names = "--neuropil",
            paramLabel = "Fneu.npy|Fneu.csv",
            description = "Neuropil traces of the same shape and layout as --input.")
    Path neuropilFile;

    @Option(names = "--fs", required = true, paramLabel = "HZ", description = "Frame rate in Hz.")
    double fs;

    @Option(
            names = "--resample",
            paramLabel = "HZ",
            description = "Resample the traces to this rate first, as the job's --resample does.")
    Double resample;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--input-is-dff", description = "The input is dF/F already.")
    boolean inputIsDff;

    @Option(names = "--frames-as-rows", description = "One row per frame, one column per ROI.")
    boolean framesAsRows;

    @Option(
            names = "--header",
            description =
                    "Text input: the first line is a header (with --frames-as-rows"
                            + " its fields name the ROIs).")
    boolean header;

    @Option(
            names = "--delimiter",
            paramLabel = "CHAR",
            defaultValue = ",",
            description =
                    "Text input field separator: one character, or tab, or space (runs of blanks)"
                            + " (default: ${DEFAULT-VALUE}).")
    String delimiter;

    @Option(
            names = "--neuropil-coefficient",
            paramLabel = "R",
            defaultValue = "0.7",
            description = "r in F - r Fneu (default: ${DEFAULT-VALUE}).")
    double neuropilCoefficient;

    @Option(
            names = "--percentile",
            paramLabel = "Q",
            defaultValue = "8",
            description = "Baseline percentile (default: ${DEFAULT-VALUE}).")
    double percentile;

    @Option(
            names = "--window",
            paramLabel = "FRAMES",
            defaultValue = "500",
            description = "Baseline window in frames (default: ${DEFAULT-VALUE}).")
    int window;

    @Option(
            names = "--tau",
            paramLabel = "SEC",
            description =
                    "Fixed calcium decay time in seconds, g = exp(-1 / (tau fs)) (default: g"
                            + " estimated per ROI from the autocovariance, noise removed).")
    Double tau;

    @Option(
            names = "--estimation-frames",
            paramLabel = "N",
            defaultValue = "2000",
            description =
                    "First frames per ROI used to estimate noise, g and the OASIS baseline; their"
                            + " spikes are inferred once the estimate exists (default: ${DEFAULT-VALUE}).")
    int estimationFrames;

    @Option(
            names = "--lag",
            paramLabel = "FRAMES",
            defaultValue = "10",
            description = "Frames between a spike and its report (default: ${DEFAULT-VALUE}).")
    int lag;

    @Option(
            names = "--s-min",
            paramLabel = "DFF",
            defaultValue = "0.5",
            description = "Minimum spike size in dF/F units (default: ${DEFAULT-VALUE}).")
    double sMin;

    @Option(
            names = "--l1",
            paramLabel = "LAMBDA",
            defaultValue = "0",
            description = "OASIS L1 sparsity penalty in dF/F units (default: ${DEFAULT-VALUE}).")
    double l1;

    @Option(
            names = "--oasis-baseline",
            paramLabel = "auto|DFF",
            defaultValue = "auto",
            description =
                    "Resting dF/F level OASIS subtracts; auto: -z(q/100) x noise sigma for dF/F"
                            + " computed here, 0 for --input-is-dff (default: ${DEFAULT-VALUE}).")
    String oasisBaseline;

    @Override
    public Integer call() throws IOException {
        final CalciumOptions options = options();
        final TraceFileOptions layout = layout();
        if (inputIsDff && neuropilFile != null) {
            throw new CliException(
                    CliException.BAD_INPUT, "--neuropil does not apply to --input-is-dff input");
        }
        final CalciumTraces f = CalciumTraceReader.read(input, layout);
        final CalciumTraces neuropil;
        try {
            neuropil =
                    neuropilFile == null
                            ? null
                            : CalciumTraceReader.readNeuropil(neuropilFile, f, layout);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
        Files.createDirectories(out);
        final int rois = f.roiCount();
        final CalciumAnalysis.Resampled x = resampled(f::copyFrame, rois, f.frameCount());
        final CalciumAnalysis.Resampled n =
                neuropil == null ? null : resampled(neuropil::copyFrame, rois, f.frameCount());
        final double rate = resample != null ? resample : fs;
        final CalciumAnalysis.Summary r =
                CalciumAnalysis.run(
                        options,
                        f.labels(),
                        x.frames(),
                        x.reader(),
                        n == null ? null : n.reader(),
                        out);
        spec.commandLine().getOut().println(r.describe(rate, out));
        spec.commandLine().getOut().flush();
        return 0;
    }

    private CalciumAnalysis.Resampled resampled(
            final CalciumAnalysis.FrameReader in, final int rois, final int frames) {
        try {
            return resample == null
                    ? new CalciumAnalysis.Resampled(frames, in)
                    : CalciumAnalysis.resample(in, rois, frames, fs, resample);
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--resample: " + e.getMessage());
        }
    }

    private CalciumOptions options() {
        try {
            final CalciumOptions.Builder b =
                    CalciumOptions.builder(resample != null ? resample : fs)
                            .inputIsDff(inputIsDff)
                            .neuropilCoefficient(neuropilCoefficient)
                            .percentile(percentile)
                            .window(window)
                            .estimationFrames(estimationFrames)
                            .lag(lag)
                            .sMin(sMin)
                            .l1Penalty(l1);
            if (tau != null) {
                b.tauSeconds(tau);
            }
            return b.oasisBaseline(oasisBaseline).build();
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, e.getMessage());
        }
    }

    private TraceFileOptions layout() {
        try {
            return new TraceFileOptions(
                    framesAsRows, header, TraceFileOptions.delimiter(delimiter));
        } catch (final IllegalArgumentException e) {
            throw new CliException(CliException.BAD_INPUT, "--delimiter " + e.getMessage());
        }
    }
}
