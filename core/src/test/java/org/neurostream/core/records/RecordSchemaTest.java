package org.neurostream.core.records;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The output records' JSON and CSV forms are contracts with other programs: these tests pin them
 * byte for byte. The JSON strings were written by the record classes before they moved into core
 * (the same fill, serialized by the code of that time), so a field moved, renamed or retyped here
 * fails them.
 */
class RecordSchemaTest {
    private static final ObjectMapper JSON = RecordJson.newMapper();

    /** Every record kind, with its JSON form for {@link #filled}. */
    private static final Map<Class<?>, String> GOLDEN =
            Map.ofEntries(
                    Map.entry(
                            BandPowerRecord.class,
                            "{\"kind\":\"kind-1\",\"stream_id\":\"streamId-2\",\"seq\":3007,\"start_ns\":4007,\"end_ns\":5007,\"ingest_ns\":6007,\"channels\":7,\"bands\":[\"a8\",\"b\\\"8\"],\"band_power\":[9.0,1.0E-300,0.3333333333333333,1.23456789E7],\"relative_power\":[10.0,1.0E-300,0.3333333333333333,1.23456789E7],\"integration\":\"integration-11\",\"nperseg\":12,\"window_samples\":13,\"averaging_seconds\":14.1,\"differential_entropy\":[15.0,1.0E-300,0.3333333333333333,1.23456789E7],\"differential_entropy_floored\":[true,false],\"entropy_log_base\":17.1,\"settling\":true}"),
                    Map.entry(
                            AvalancheRecord.class,
                            "{\"kind\":\"kind-1\",\"stream_id\":\"streamId-2\",\"start_ns\":3007,\"end_ns\":4007,\"ingest_ns\":5007,\"bin_ns\":6007,\"duration_bins\":7,\"size\":8007,\"amplitude\":9.1,\"avalanches\":10007,\"alpha_size\":3.6666666666666665,\"alpha_size_se\":null,\"xmin_size\":4.333333333333333,\"alpha_duration\":4.666666666666667,\"alpha_duration_se\":null,\"xmin_duration\":5.333333333333333,\"branching_ratio\":5.666666666666667,\"branching_ratio_mr\":null,\"gamma_fit\":6.333333333333333,\"gamma_predicted\":6.666666666666667,\"reasons\":\"reasons-21\"}"),
                    Map.entry(
                            CalciumEventRecord.class,
                            "{\"kind\":\"kind-1\",\"stream_id\":\"streamId-2\",\"address\":3,\"t_us\":4007,\"amplitude\":5.1,\"time_ns\":6007,\"ingest_ns\":7007,\"roi_label\":\"roiLabel-8\"}"),
                    Map.entry(
                            FiringRateRecord.class,
                            "{\"kind\":\"kind-1\",\"stream_id\":\"streamId-2\",\"seq\":3007,\"start_ns\":4007,\"end_ns\":5007,\"ingest_ns\":6007,\"bin_ns\":7007,\"units\":8,\"spikes\":9007,\"counts\":[10,0]}"),
                    Map.entry(
                            LabelledWindowRecord.class,
                            "{\"kind\":\"kind-1\",\"stream_id\":\"streamId-2\",\"source\":\"source-3\",\"start_ns\":4007,\"end_ns\":5007,\"ingest_ns\":6007,\"label\":\"label-7\",\"behavior_names\":[\"a8\",\"b\\\"8\"],\"behavior_values\":[9.0,1.0E-300,0.3333333333333333,1.23456789E7],\"features\":[10.0,1.0E-300,0.3333333333333333,1.23456789E7]}"),
                    Map.entry(
                            GapRecord.class,
                            "{\"kind\":\"kind-1\",\"stream_id\":\"streamId-2\",\"expected_seq\":3007,\"received_seq\":4007,\"missing_frames\":5007,\"device_time_ns\":6007,\"ingest_ns\":7007}"),
                    Map.entry(
                            MotifRecord.class,
                            "{\"kind\":\"kind-1\",\"stream_id\":\"streamId-2\",\"bin\":3007,\"bin_ns\":4007,\"start_ns\":5007,\"end_ns\":6007,\"ingest_ns\":7007,\"motif\":8,\"potential\":9.1}"),
                    Map.entry(
                            PredictionRecord.class,
                            "{\"stream_id\":\"streamId-1\",\"seq\":2007,\"start_ns\":3007,\"end_ns\":4007,\"ingest_ns\":5007,\"model\":\"model-6\",\"label\":\"label-7\",\"probability\":8.1,\"classes\":[\"a9\",\"b\\\"9\"],\"probabilities\":[10.0,1.0E-300,0.3333333333333333,1.23456789E7],\"model_version\":11007}"),
                    Map.entry(
                            AlertRecord.class,
                            "{\"id\":\"id-1\",\"rule\":\"rule-2\",\"kind\":\"kind-3\",\"severity\":\"severity-4\",\"status\":\"status-5\",\"stream_id\":\"streamId-6\",\"reason\":\"reason-7\",\"value\":8.1,\"threshold\":9.1,\"time_base\":\"timeBase-10\",\"window_start_ns\":11007,\"window_end_ns\":12007,\"raised_at_ns\":13007,\"evidence_count\":14007,\"evidence_min\":15.1,\"evidence_max\":16.1,\"evidence_mean\":17.1,\"evidence\":[18.0,1.0E-300,0.3333333333333333,1.23456789E7]}"),
                    Map.entry(
                            ConnectivityRecord.class,
                            "{\"kind\":\"kind-9\",\"stream_id\":\"streamId-10\",\"start_ns\":11007,\"end_ns\":12007,\"ingest_ns\":13007,\"channels\":14,\"reason_channel\":[15,0],\"reason_field\":[\"a16\",\"b\\\"16\"],\"reason_text\":[\"a17\",\"b\\\"17\"],\"bands\":[\"a1\",\"b\\\"1\"],\"lo_hz\":[2.0,1.0E-300,0.3333333333333333,1.23456789E7],\"hi_hz\":[3.0,1.0E-300,0.3333333333333333,1.23456789E7],\"epochs\":4,\"epoch_samples\":5,\"plv\":[2.0,null,1.0E-300],\"pli\":[2.3333333333333335,null,1.0E-300],\"wpli\":[2.6666666666666665,null,1.0E-300]}"),
                    Map.entry(
                            AperiodicRecord.class,
                            "{\"kind\":\"kind-9\",\"stream_id\":\"streamId-10\",\"start_ns\":11007,\"end_ns\":12007,\"ingest_ns\":13007,\"channels\":14,\"reason_channel\":[15,0],\"reason_field\":[\"a16\",\"b\\\"16\"],\"reason_text\":[\"a17\",\"b\\\"17\"],\"offset\":[0.3333333333333333,null,1.0E-300],\"exponent\":[0.6666666666666666,null,1.0E-300],\"r_squared\":[1.0,null,1.0E-300],\"n_peaks\":[4,null],\"peak_channel\":[5,0],\"peak_center_hz\":[6.0,1.0E-300,0.3333333333333333,1.23456789E7],\"peak_power\":[7.0,1.0E-300,0.3333333333333333,1.23456789E7],\"peak_bandwidth_hz\":[8.0,1.0E-300,0.3333333333333333,1.23456789E7]}"),
                    Map.entry(
                            HjorthRecord.class,
                            "{\"kind\":\"kind-4\",\"stream_id\":\"streamId-5\",\"start_ns\":6007,\"end_ns\":7007,\"ingest_ns\":8007,\"channels\":9,\"reason_channel\":[10,0],\"reason_field\":[\"a11\",\"b\\\"11\"],\"reason_text\":[\"a12\",\"b\\\"12\"],\"activity\":[0.3333333333333333,null,1.0E-300],\"mobility\":[0.6666666666666666,null,1.0E-300],\"complexity\":[1.0,null,1.0E-300]}"),
                    Map.entry(
                            DfaRecord.class,
                            "{\"kind\":\"kind-6\",\"stream_id\":\"streamId-7\",\"start_ns\":8007,\"end_ns\":9007,\"ingest_ns\":10007,\"channels\":11,\"reason_channel\":[12,0],\"reason_field\":[\"a13\",\"b\\\"13\"],\"reason_text\":[\"a14\",\"b\\\"14\"],\"band\":\"band-1\",\"lo_hz\":2.1,\"hi_hz\":3.1,\"alpha\":[1.3333333333333333,null,1.0E-300],\"r_squared\":[1.6666666666666667,null,1.0E-300]}"),
                    Map.entry(
                            PacRecord.class,
                            "{\"kind\":\"kind-6\",\"stream_id\":\"streamId-7\",\"start_ns\":8007,\"end_ns\":9007,\"ingest_ns\":10007,\"channels\":11,\"reason_channel\":[12,0],\"reason_field\":[\"a13\",\"b\\\"13\"],\"reason_text\":[\"a14\",\"b\\\"14\"],\"phase_lo\":1.1,\"phase_hi\":2.1,\"amp_lo\":3.1,\"amp_hi\":4.1,\"mi\":[1.6666666666666667,null,1.0E-300]}"),
                    Map.entry(
                            AlphaRecord.class,
                            "{\"kind\":\"kind-3\",\"stream_id\":\"streamId-4\",\"start_ns\":5007,\"end_ns\":6007,\"ingest_ns\":7007,\"channels\":8,\"reason_channel\":[9,0],\"reason_field\":[\"a10\",\"b\\\"10\"],\"reason_text\":[\"a11\",\"b\\\"11\"],\"peak_hz\":[0.3333333333333333,null,1.0E-300],\"instantaneous_hz\":[0.6666666666666666,null,1.0E-300]}"),
                    Map.entry(
                            DeadLetterRecord.class,
                            "{\"origin\":\"origin-1\",\"key\":\"key-2\",\"reason\":\"reason-3\",\"payload\":\"AQIE\"}"));

    @Test
    void shouldWriteEveryKindInItsJsonFormByteForByte() throws Exception {
        for (final Map.Entry<Class<?>, String> e : GOLDEN.entrySet()) {
            assertEquals(
                    e.getValue(),
                    JSON.writeValueAsString(filled(e.getKey())),
                    e.getKey().getSimpleName());
        }
    }

    @Test
    void shouldNameInItsConstantsOnlyFieldsTheRecordHas() throws Exception {
        for (final Class<?> c : GOLDEN.keySet()) {
            final JsonNode json = JSON.readTree(GOLDEN.get(c));
            for (final Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("JSON_")) {
                    final String name = (String) f.get(null);
                    assertTrue(json.has(name), c.getSimpleName() + "." + f.getName());
                }
            }
        }
        for (final String common :
                List.of(RecordJson.KIND, RecordJson.STREAM_ID, RecordJson.INGEST_NS)) {
            assertTrue(JSON.readTree(GOLDEN.get(BandPowerRecord.class)).has(common), common);
        }
        assertTrue(JSON.readTree(GOLDEN.get(MotifRecord.class)).has(RecordJson.START_NS));
    }

    @Test
    void shouldReadAPredictionWrittenBeforeItNamedTheModelsVersionAsVersionZero() throws Exception {
        final PredictionRecord p =
                JSON.readValue(
                        "{\"stream_id\":\"S001R04/eeg\",\"seq\":5,\"start_ns\":0,"
                                + "\"end_ns\":2000000000,\"ingest_ns\":42,\"model\":\"m\","
                                + "\"label\":\"rest\",\"probability\":0.25}",
                        PredictionRecord.class);
        assertEquals("m", p.model);
        assertEquals(0, p.modelVersion);
        assertEquals("0,2000000000,m,rest,0.25", p.csvRow());
    }

    @Test
    void shouldWriteAnAlertRowWithoutItsWallClockStamp() {
        final AlertRecord a = new AlertRecord();
        a.windowStartNs = 6_000_000_000L;
        a.windowEndNs = 8_500_000_000L;
        a.raisedAtNs = 1_700_000_000_000_000_000L;
        a.id = "gamma-high/S001R04/eeg/8500000000";
        a.rule = "gamma-high";
        a.kind = "feature";
        a.severity = "warning";
        a.status = AlertRecord.FIRING;
        a.value = 0.1151;
        a.threshold = 0.07;
        a.reason = "above 0.07, for 0.5 s";
        assertEquals(
                "6000000000,8500000000,gamma-high/S001R04/eeg/8500000000,gamma-high,feature,"
                        + "warning,firing,0.1151,0.07,\"above 0.07, for 0.5 s\"",
                a.csvRow());
    }

    @Test
    void shouldLeaveTheJsonAndCsvOfAnUnlabelledCalciumEventAsTheyWere() throws Exception {
        final CalciumEventRecord e = (CalciumEventRecord) filled(CalciumEventRecord.class);
        e.roiLabel = null;
        assertEquals(
                "{\"kind\":\"kind-1\",\"stream_id\":\"streamId-2\",\"address\":3,\"t_us\":4007,"
                        + "\"amplitude\":5.1,\"time_ns\":6007,\"ingest_ns\":7007}",
                JSON.writeValueAsString(e));
        assertEquals("4007,3,5.1", e.csvRow());
        e.roiLabel = "AVA,L";
        assertEquals("4007,3,5.1,\"AVA,L\"", e.csvRow());
        assertEquals("t_us,address,amplitude,roi_label", CalciumEventRecord.CSV_HEADER_WITH_LABEL);
    }

    @Test
    void shouldWriteAPopulationVectorAsOneCountPerUnit() {
        final FiringRateRecord r = new FiringRateRecord();
        r.startNs = 50_000_000L;
        r.endNs = 100_000_000L;
        r.spikes = 3;
        r.counts = new int[] {2, 0, 1};
        assertEquals("50000000,100000000,3,2,0,1", r.csvRow());
        assertEquals(
                "start_ns,end_ns,spikes,count_0,count_1,count_2", FiringRateRecord.csvHeader(3));
    }

    @Test
    void shouldWriteALabelledWindowWithItsBehaviourAsPairs() {
        final LabelledWindowRecord r = new LabelledWindowRecord();
        r.startNs = 0;
        r.endNs = 2_000_000_000L;
        r.source = FiringRateRecord.KIND;
        r.label = "trials.label=T1;stim.orientation=90.0";
        r.behaviorNames = new String[] {"s/speed", "s/position[0]"};
        r.behaviorValues = new double[] {1.5, -0.25};
        assertEquals(
                "0,2000000000,firing_rate,trials.label=T1;stim.orientation=90.0,"
                        + "s/speed=1.5;s/position[0]=-0.25",
                r.csvRow());
        r.label = null;
        r.behaviorNames = new String[0];
        r.behaviorValues = new double[0];
        assertEquals("0,2000000000,firing_rate,,", r.csvRow());
    }

    @Test
    void shouldWriteAMarkerWithItsFourFields() throws Exception {
        assertEquals(
                "{\"stream_id\":\"S001R01/markers\",\"time_ns\":1500000000,"
                        + "\"duration_ns\":0,\"label\":\"cue left\"}",
                JSON.writeValueAsString(
                        new MarkerRecord("S001R01/markers", 1_500_000_000L, 0, "cue left")));
        assertEquals(
                "1500000000,250,\"go, now\"",
                new MarkerRecord("s/m", 1_500_000_000L, 250, "go, now").csvRow());
    }

    @Test
    void shouldWriteBandPowerRowsChannelMajorWithEntropyWhenPresent() {
        final BandPowerRecord r = new BandPowerRecord();
        r.startNs = 0;
        r.endNs = 2_000_000_000L;
        r.bandPower = new double[] {1.5, 2.0, 0.1, 1e-7};
        r.relativePower = new double[] {0.25, 0.75, 0.5, 0.5};
        assertEquals("0,2000000000,1.5,2.0,0.1,1.0E-7,0.25,0.75,0.5,0.5", r.csvRow());
        r.differentialEntropy = new double[] {-1, -2, -3, -21.6};
        assertEquals(
                "0,2000000000,1.5,2.0,0.1,1.0E-7,0.25,0.75,0.5,0.5,-1.0,-2.0,-3.0,-21.6",
                r.csvRow());
    }

    @Test
    void shouldNameBandPowerColumnsByLabelOrIndex() {
        final String[] bands = {"alpha", "beta"};
        assertEquals(
                "start_ns,end_ns,power_ch0_alpha,power_ch0_beta,relative_ch0_alpha,relative_ch0_beta",
                BandPowerRecord.csvHeader(1, bands, List.of(), false));
        assertEquals(
                "start_ns,end_ns,power_Fz_alpha,power_Fz_beta,\"power_C,z_alpha\",\"power_C,z_beta\","
                        + "relative_Fz_alpha,relative_Fz_beta,\"relative_C,z_alpha\",\"relative_C,z_beta\","
                        + "bde_Fz_alpha,bde_Fz_beta,\"bde_C,z_alpha\",\"bde_C,z_beta\"",
                BandPowerRecord.csvHeader(2, bands, List.of("Fz", "C,z"), true));
    }

    @Test
    void shouldQuoteTextFieldsOnlyWhenTheyNeedIt() {
        final PredictionRecord p = new PredictionRecord();
        p.startNs = 5;
        p.endNs = 6;
        p.model = "rest-vs-imagery.json";
        p.label = "say \"rest\"";
        p.probability = 0.125;
        assertEquals("5,6,rest-vs-imagery.json,\"say \"\"rest\"\"\",0.125", p.csvRow());
        final DeadLetterRecord d =
                new DeadLetterRecord("neuro.raw.eeg/0@42", null, "bad\tmagic\n", new byte[0]);
        assertEquals("neuro.raw.eeg/0@42,,\"bad magic \"", d.csvRow());
        assertEquals(42, d.originOffset());
        assertEquals(0, new DeadLetterRecord("journal", null, "x", null).originOffset());
    }

    @Test
    void shouldWriteOnlyAvalanchesNotStatisticsAsRows() {
        final AvalancheRecord a = new AvalancheRecord();
        a.kind = AvalancheRecord.KIND;
        a.startNs = 100;
        a.endNs = 300;
        a.durationBins = 2;
        a.size = 7;
        a.amplitude = 9.5;
        assertTrue(a.isAvalanche());
        assertEquals("100,300,2,7,9.5", a.csvRow());
        a.kind = AvalancheRecord.STATS_KIND;
        assertFalse(a.isAvalanche());
        final CalciumEventRecord e = new CalciumEventRecord();
        e.tUs = 66_667;
        e.address = 3;
        e.amplitude = 1.25;
        assertEquals("66667,3,1.25", e.csvRow());
        final MotifRecord m = new MotifRecord();
        m.bin = 12;
        m.motif = 1;
        m.potential = -0.5;
        assertEquals("12,1,-0.5", m.csvRow());
    }

    @Test
    void shouldWriteADescriptorRecordAsOneRowPerPairOrChannelAfterThePrefix() {
        final ConnectivityRecord c = new ConnectivityRecord();
        c.channels = 3;
        c.bands = new String[] {"alpha"};
        c.loHz = new double[] {8};
        c.hiHz = new double[] {12.5};
        c.plv = new Double[] {0.5, null, 1.0};
        c.pli = new Double[] {0.25, null, 0.0};
        c.wpli = new Double[] {0.125, null, 1e-7};
        final StringBuilder rows = new StringBuilder();
        c.appendCsvRows(rows, "0,10,", List.of("Fz", "\"C,z\"", "Pz"));
        assertEquals(
                "0,10,alpha,8,12.5,0,1,Fz,\"C,z\",0.5,0.25,0.125\n"
                        + "0,10,alpha,8,12.5,0,2,Fz,Pz,,,\n"
                        + "0,10,alpha,8,12.5,1,2,\"C,z\",Pz,1.0,0.0,1.0E-7\n",
                rows.toString());
        assertEquals(2, ConnectivityRecord.pairIndex(3, 1, 2));

        final AperiodicRecord a = new AperiodicRecord();
        a.channels = 2;
        a.offset = new Double[] {1.5, null};
        a.exponent = new Double[] {2.0, null};
        a.rSquared = new Double[] {0.99, null};
        a.nPeaks = new Integer[] {2, null};
        a.addPeaks(
                new int[] {0, 0},
                new double[] {10, 20.5},
                new double[] {0.5, 0.25},
                new double[] {2, 3},
                2);
        final StringBuilder aperiodic = new StringBuilder();
        a.appendCsvRows(aperiodic, "", null);
        assertEquals("0,,1.5,2.0,0.99,2\n1,,,,,\n", aperiodic.toString());
        final StringBuilder peaks = new StringBuilder(a.peaks().csvHeader()).append('\n');
        a.peaks().appendCsvRows(peaks, "5,6,", List.of("Fz", "Cz"));
        assertEquals(
                "channel,label,center_hz,power,bandwidth_hz\n5,6,0,Fz,10.0,0.5,2.0\n"
                        + "5,6,0,Fz,20.5,0.25,3.0\n",
                peaks.toString());

        final DfaRecord d = new DfaRecord();
        d.channels = 1;
        d.band = "alpha";
        d.alpha = new Double[] {0.75};
        d.rSquared = new Double[] {0.5};
        final StringBuilder dfa = new StringBuilder();
        d.appendCsvRows(dfa, "", List.of("Oz"));
        assertEquals("0,Oz,alpha,0.75,0.5\n", dfa.toString());
    }

    @Test
    void shouldNameEveryDescriptorValueFieldItsRecordHolds() throws Exception {
        assertEquals(6, DescriptorRecord.KINDS.size());
        for (final Class<?> c :
                List.of(
                        ConnectivityRecord.class,
                        AperiodicRecord.class,
                        HjorthRecord.class,
                        DfaRecord.class,
                        PacRecord.class,
                        AlphaRecord.class)) {
            final DescriptorRecord r = (DescriptorRecord) c.getDeclaredConstructor().newInstance();
            final DescriptorRecord full = (DescriptorRecord) filled(c);
            assertTrue(DescriptorRecord.KINDS.contains(r.kind), r.kind);
            final JsonNode json = JSON.readTree(GOLDEN.get(c));
            for (final String field : r.valueFields()) {
                assertTrue(json.get(field).isArray(), r.kind + "." + field);
                assertEquals(json.get(field).size(), full.values(field).length, field);
            }
            assertEquals(null, r.values("no_such_field"));
        }
    }

    /**
     * An instance whose public fields hold values made from their position: text "name-i", longs
     * 1000 i + 7, ints i, doubles i + 0.1, boxed doubles i / 3 or null, and fixed arrays.
     */
    private static Object filled(final Class<?> c) throws Exception {
        final Object o = c.getDeclaredConstructor().newInstance();
        int i = 1;
        for (final Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            final Class<?> t = f.getType();
            if (t == String.class) {
                f.set(o, f.getName() + "-" + i);
            } else if (t == long.class) {
                f.setLong(o, 1000L * i + 7);
            } else if (t == int.class) {
                f.setInt(o, i);
            } else if (t == double.class) {
                f.setDouble(o, i + 0.1);
            } else if (t == boolean.class) {
                f.setBoolean(o, i % 2 == 0);
            } else if (t == Double.class) {
                f.set(o, i % 3 == 0 ? null : Double.valueOf(i / 3.0));
            } else if (t == Double[].class) {
                f.set(o, new Double[] {i / 3.0, null, 1e-300});
            } else if (t == Integer[].class) {
                f.set(o, new Integer[] {i, null});
            } else if (t == int[].class) {
                f.set(o, new int[] {i, 0});
            } else if (t == double[].class) {
                f.set(o, new double[] {i, 1e-300, 1.0 / 3, 12345678.9});
            } else if (t == boolean[].class) {
                f.set(o, new boolean[] {true, false});
            } else if (t == String[].class) {
                f.set(o, new String[] {"a" + i, "b\"" + i});
            } else if (t == int[].class) {
                f.set(o, new int[] {10, 0, -1});
            } else if (t == byte[].class) {
                f.set(o, new byte[] {1, 2, (byte) i});
            } else {
                throw new IllegalStateException("no fill for " + t);
            }
            i++;
        }
        return o;
    }
}
