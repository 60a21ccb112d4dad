package org.neurostream.monitoring.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.neurostream.core.records.AlphaRecord;
import org.neurostream.core.records.AperiodicRecord;
import org.neurostream.core.records.ConnectivityRecord;
import org.neurostream.core.records.DescriptorRecord;
import org.neurostream.core.records.RecordJson;

/** Descriptor records of a 3-channel stream, as the job writes them to neuro.features. */
final class DescriptorRecords {
    private static final ObjectMapper JSON = RecordJson.newMapper();

    private DescriptorRecords() {}

    /**
     * Connectivity in bands alpha (8-13 Hz) and beta (13-30 Hz) of pairs (0,1), (0,2), (1,2): wPLI
     * of alpha 0.9, 0.1 and missing (channel 2 flat); PLV of every pair and band {@code plv}.
     */
    static byte[] connectivity(final String stream, final double plv) {
        final ConnectivityRecord c = new ConnectivityRecord();
        c.streamId = stream;
        c.channels = 3;
        c.bands = new String[] {"alpha", "beta"};
        c.loHz = new double[] {8, 13};
        c.hiHz = new double[] {13, 30};
        c.plv = new Double[] {plv, plv, plv, plv, plv, plv};
        c.pli = new Double[] {0.5, 0.4, null, 0.3, 0.2, null};
        c.wpli = new Double[] {0.9, 0.1, null, 0.12345, 0.2, null};
        c.missing(2, "*", "flat channel");
        return bytes(c);
    }

    /** Aperiodic exponents 1.0, 2.0 and missing; offsets 3.0, 5.0 and missing. */
    static byte[] aperiodic(final String stream) {
        final AperiodicRecord a = new AperiodicRecord();
        a.streamId = stream;
        a.channels = 3;
        a.offset = new Double[] {3.0, 5.0, null};
        a.exponent = new Double[] {1.0, 2.0, null};
        a.rSquared = new Double[] {0.99, 0.98, null};
        a.nPeaks = new Integer[] {1, 0, null};
        return bytes(a);
    }

    /** Alpha peaks 10 and 11 Hz and missing; instantaneous frequencies 9.5, 10.5, 11.5 Hz. */
    static byte[] alpha(final String stream) {
        final AlphaRecord a = new AlphaRecord();
        a.streamId = stream;
        a.channels = 3;
        a.peakHz = new Double[] {10.0, 11.0, null};
        a.instantaneousHz = new Double[] {9.5, 10.5, 11.5};
        return bytes(a);
    }

    private static byte[] bytes(final DescriptorRecord r) {
        try {
            return JSON.writeValueAsBytes(r);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
