/**
 * Calcium-imaging kernels (docs/features.md#calcium-imaging), free of Flink: {@link
 * org.neurostream.operators.calcium.CalciumKernel} runs neuropil correction, the running-percentile
 * dF/F ({@link org.neurostream.operators.calcium.RunningPercentile}, O(log W) per frame), noise and
 * AR(1) estimation ({@link org.neurostream.operators.calcium.Ar1Estimator}) and online OASIS spike
 * inference with a fixed lag ({@link org.neurostream.operators.calcium.OnlineOasis}) for many ROIs
 * per call, with per-ROI state in flat primitive arrays and no allocation per frame. Events leave
 * through {@link org.neurostream.operators.calcium.CalciumEventSink}; per-ROI flags are in {@link
 * org.neurostream.operators.calcium.RoiStatus}.
 */
package org.neurostream.operators.calcium;
