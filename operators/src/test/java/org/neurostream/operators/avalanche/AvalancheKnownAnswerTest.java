package org.neurostream.operators.avalanche;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The known answers of docs/features.md#avalanche-known-answers, on seeded reference processes. */
class AvalancheKnownAnswerTest {

    private static final AvalancheOptions DEFAULTS = AvalancheOptions.defaults();

    @Test
    void shouldFindTheCriticalExponentsOfGaltonWatsonBranching() {
        Run run = branching(1.0, 10_000, 20240611L);
        AvalancheSummary s = run.summary;
        assertEquals(10_000, s.avalanches());
        assertEquals(0, run.assembler.droppedAtStart() + run.assembler.droppedAtEnd());
        assertEquals(1.5, s.size().alpha(), 0.03);
        assertEquals(2.0, s.duration().alpha(), 0.1);
        assertTrue(s.duration().xmin() > 1, "x_min selection: " + s.duration().xmin());
        assertTrue(
                s.branchingRatio() >= 0.97 && s.branchingRatio() <= 1.03,
                "Beggs-Plenz ratio " + s.branchingRatio());
        assertTrue(
                s.scaling().gamma() >= 1.75 && s.scaling().gamma() <= 1.85,
                "gamma fitted over T >= 5 " + s.scaling().gamma());
        assertEquals(
                (s.duration().alpha() - 1) / (s.size().alpha() - 1), s.gammaPredicted(), 1e-12);
    }

    @Test
    void shouldSeeTheDurationExponentBiasedToAbout1point6WithoutXminSelection() {
        Run run = branching(1.0, 10_000, 20240611L);
        long[] durations = new long[run.table.size()];
        for (int i = 0; i < durations.length; i++) {
            durations[i] = run.table.duration(i);
        }
        PowerLawFit atOne = PowerLawFitter.fitDiscreteAt(durations, 0, durations.length, 1);
        assertEquals(1.6, atOne.alpha(), 0.03);
    }

    @Test
    void shouldFindMeanSizeTenAndRatioPointNineForSubcriticalBranching() {
        Run run = branching(0.9, 10_000, 5L);
        double mean = 0;
        for (int i = 0; i < run.table.size(); i++) {
            mean += run.table.events(i);
        }
        mean /= run.table.size();
        // sd of S is sqrt(m / (1 - m)^3) = 30, so the mean of 1e4 has a standard error of 0.3
        assertEquals(10.0, mean, 1.0);
        // sd of the per-avalanche ratio is sqrt(0.9): standard error 0.0095
        assertEquals(0.90, run.summary.branchingRatio(), 0.03);
    }

    @Test
    void shouldFindTheTheoreticalPoissonNullStatistics() {
        // 1e5 Poisson events, mean gap 1000 us, bin = the mean inter-event interval (auto).
        long[] t = ReferenceProcesses.poissonEventTimes(100_000, 1000.0, new SplittableRandom(9L));
        EventBuffer events = new EventBuffer(t.length);
        for (long ti : t) {
            events.add(ti, 0, 1.0);
        }
        AvalancheResult r = AvalancheAnalyzer.analyzeEvents(events, t[t.length - 1] + 1, DEFAULTS);
        assertEquals((double) (t[t.length - 1] - t[0]) / (t.length - 1), r.binWidth(), 1e-9);
        AvalancheTable a = r.avalanches();
        double meanT = 0;
        double meanS = 0;
        for (int i = 0; i < a.size(); i++) {
            meanT += a.duration(i);
            meanS += a.events(i);
        }
        meanT /= a.size();
        meanS /= a.size();
        // about 23000 avalanches: standard errors 0.014 (T), 0.03 (S), 0.005 (ratio)
        assertEquals(Math.E, meanT, 0.05);
        assertEquals(Math.E * Math.E / (Math.E - 1), meanS, 0.1);
        assertEquals(0.767, r.summary().branchingRatio(), 0.02);
    }

    @Test
    void shouldEstimateTheDrivenBranchingRatioWithFullAndSubsampledActivity() {
        SplittableRandom random = new SplittableRandom(2L);
        long[] activity = ReferenceProcesses.drivenBranching(0.98, 2.0, 100_000, random);
        MultistepRegression full = new MultistepRegression(40);
        MultistepRegression sub = new MultistepRegression(40);
        for (long a : activity) {
            full.add(a);
            long kept = 0;
            for (long i = 0; i < a; i++) {
                if (random.nextDouble() < 0.02) {
                    kept++;
                }
            }
            sub.add(kept);
        }
        BranchingEstimate f = full.estimate();
        BranchingEstimate s = sub.estimate();
        assertEquals(0.98, f.m(), 0.005);
        assertEquals(0.98, s.m(), 0.005);
        assertEquals(0.33, s.r1(), 0.03);
        assertEquals(0.98, f.r1(), 0.005);
    }

    private record Run(
            AvalancheTable table, AvalancheAssembler assembler, AvalancheSummary summary) {}

    private static Run branching(double m, int avalanches, long seed) {
        AvalancheTable table = new AvalancheTable();
        AvalancheAssembler assembler = new AvalancheAssembler(1.0, table, null);
        ReferenceProcesses.galtonWatson(
                m, avalanches, new SplittableRandom(seed), count -> assembler.addBin(count, count));
        assembler.finishBins();
        AvalancheSummary summary =
                AvalancheStatistics.summarize(
                        table, BranchingEstimate.none(40, 0, "not needed here"), DEFAULTS);
        return new Run(table, assembler, summary);
    }
}
