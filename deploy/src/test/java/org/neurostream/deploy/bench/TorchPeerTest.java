package org.neurostream.deploy.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch peer of the bench: what its script prints becomes figures or one skip reason, an
 * interpreter without PyTorch or CUDA gives a reason and no figure, and, where a Python with
 * PyTorch is named by {@code NEUROSTREAM_TORCH_PYTHON} (its CPU build is enough), the peer runs the
 * bench's own motif stream and finds exactly the CPU detector's detections.
 */
class TorchPeerTest {

    @Test
    void shouldReadTheDeviceAndTheFiguresOfThePeer() {
        final TorchPeer.Outcome o =
                TorchPeer.parse(
                        List.of(
                                "device\tname=NVIDIA H200\ttorch=2.11.0+cu130\tcuda=13.0",
                                "some library's warning",
                                "bandpower\tchannels=3840\tsamples=15000\tsamples_per_s=9.96e+09"
                                        + "\tbatches=120",
                                "motif\tbatch=8192\tevents_per_s=2.1e+07\tdetections_per_pass=3920"),
                        0);
        assertTrue(o.ran());
        assertEquals("NVIDIA H200 (torch 2.11.0+cu130, CUDA 13.0)", o.device());
        assertEquals(2, o.figures().size());
        assertEquals(9.96e9, o.figures().get(0).number("samples_per_s"));
        assertEquals("3840", o.figures().get(0).fields().get("channels"));
        assertEquals("3920", o.figures().get(1).fields().get("detections_per_pass"));
    }

    @Test
    void shouldGiveOneReasonAndNoFigureWhenThePeerCannotRun() {
        final TorchPeer.Outcome skipped =
                TorchPeer.parse(List.of("skip\treason=PyTorch 2.11 sees no CUDA device"), 0);
        assertFalse(skipped.ran());
        assertEquals("PyTorch 2.11 sees no CUDA device", skipped.skipReason());
        assertEquals(List.of(), skipped.figures());

        final TorchPeer.Outcome failed = TorchPeer.parse(List.of("Traceback: boom"), 1);
        assertFalse(failed.ran());
        assertTrue(failed.skipReason().contains("exit 1"), failed.skipReason());
        assertTrue(failed.skipReason().contains("boom"), failed.skipReason());

        final TorchPeer.Outcome missing =
                TorchPeer.bandPower("no-such-python-for-the-peer", "cuda", List.of(8), 2048, 0.1);
        assertFalse(missing.ran());
        assertTrue(missing.skipReason().contains("no-such-python-for-the-peer"));
    }

    @Test
    void shouldSayWhyWhenPython3HasNoPyTorchOrNoCuda() {
        final TorchPeer.Outcome o = TorchPeer.bandPower("python3", "cuda", List.of(8), 2048, 0.2);
        if (o.ran()) {
            // a machine with PyTorch and CUDA: then the peer measures
            assertTrue(o.figures().get(0).number("samples_per_s") > 0, o.toString());
        } else {
            assertTrue(
                    o.skipReason().contains("no PyTorch")
                            || o.skipReason().contains("no CUDA device")
                            || o.skipReason().contains("no python3"),
                    o.skipReason());
            assertNull(o.device());
        }
    }

    @Test
    void shouldDetectWhatTheCpuDetectorDetectsOnTheBenchStreamWithTorchsCpuBuild() {
        final String python = System.getenv("NEUROSTREAM_TORCH_PYTHON");
        assumeTrue(
                python != null,
                "skipped: set NEUROSTREAM_TORCH_PYTHON to a python with torch to run the peer");
        final TorchPeer.Outcome motif = TorchPeer.motif(python, "cpu", List.of(8192), 0.5);
        assertTrue(motif.ran(), motif.skipReason());
        final TorchPeer.Figure f = motif.figures().get(0);
        assertTrue(f.number("events_per_s") > 0);
        final long cpu =
                MotifDetectBenchmark.measure(200, 128, 31, 20_000, 0.05, 0.2, 1L)
                        .detectionsPerPass();
        assertEquals(cpu, Long.parseLong(f.fields().get("detections_per_pass")));

        final TorchPeer.Outcome band = TorchPeer.bandPower(python, "cpu", List.of(4, 8), 2048, 0.2);
        assertTrue(band.ran(), band.skipReason());
        assertEquals(2, band.figures().size());
        assertEquals("8", band.figures().get(1).fields().get("channels"));
        assertTrue(band.figures().get(1).number("samples_per_s") > 0);
    }
}
