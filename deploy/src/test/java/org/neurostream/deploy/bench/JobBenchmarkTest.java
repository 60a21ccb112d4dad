package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The job benchmark's comparison of the job with the kernels, without running a job. */
class JobBenchmarkTest {

    @Test
    void shouldPrintTheJobsShareOfTheBatchKernelAndOfItsOwnMathAtTheSameHop() {
        JobBenchmark.Figure figure =
                new JobBenchmark.Figure("journal", 1, 2, "hop256ms", 0.256, 1.0e8);

        assertEquals(
                "job.journal.1x384.p2.hop256ms.kernel_share=0.500 of"
                        + " bandpower.kernel.samples_per_s (2.000e+08); 1.250 of"
                        + " bandpower.kernel.job_hop.hop256ms.samples_per_s (8.000e+07, the job's"
                        + " window, hop and segments on one thread); per slot 0.250 and 0.625",
                JobBenchmark.shareLine(figure, 2.0e8, "hop256ms", 8.0e7));
    }
}
