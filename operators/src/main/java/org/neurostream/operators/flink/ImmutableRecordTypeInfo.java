package org.neurostream.operators.flink;

import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.TypeExtractor;
import org.neurostream.core.records.AvalancheRecord;
import org.neurostream.core.records.CalciumEventRecord;
import org.neurostream.core.records.FiringRateRecord;
import org.neurostream.core.records.GapRecord;
import org.neurostream.core.records.MotifRecord;
import org.neurostream.core.records.PredictionRecord;

/**
 * The type of record classes that the job makes anew for each emission and only reads afterwards
 * ({@link ImmutableRecordSerializer}: Flink's POJO bytes, no copy between chained operators). The
 * operators that emit them name these instances ({@code getProducedType}, their side outputs'
 * tags), and every stream of one class must carry the same type, or a union of them fails.
 *
 * @param <T> the record class
 */
public final class ImmutableRecordTypeInfo<T> extends SerializerTypeInfo<T> {
    private static final long serialVersionUID = 1L;

    /** Avalanches and their statistics (EEG, calcium and spike streams). */
    public static final ImmutableRecordTypeInfo<AvalancheRecord> AVALANCHES =
            new ImmutableRecordTypeInfo<>(AvalancheRecord.class);

    /** Calcium events, one per inferred spike of a region of interest. */
    public static final ImmutableRecordTypeInfo<CalciumEventRecord> CALCIUM_EVENTS =
            new ImmutableRecordTypeInfo<>(CalciumEventRecord.class);

    /** Motif detections (event streams and calcium). */
    public static final ImmutableRecordTypeInfo<MotifRecord> MOTIFS =
            new ImmutableRecordTypeInfo<>(MotifRecord.class);

    /** Sequence gaps. */
    public static final ImmutableRecordTypeInfo<GapRecord> GAPS =
            new ImmutableRecordTypeInfo<>(GapRecord.class);

    /** Population vectors of spike streams. */
    public static final ImmutableRecordTypeInfo<FiringRateRecord> FIRING_RATES =
            new ImmutableRecordTypeInfo<>(FiringRateRecord.class);

    /** The decoder's predictions. */
    public static final ImmutableRecordTypeInfo<PredictionRecord> PREDICTIONS =
            new ImmutableRecordTypeInfo<>(PredictionRecord.class);

    private ImmutableRecordTypeInfo(final Class<T> type) {
        super(type, () -> new ImmutableRecordSerializer<>(pojo(type)));
    }

    /** Flink's POJO serializer of {@code type}, which this type's serializer writes with. */
    static <T> TypeSerializer<T> pojo(final Class<T> type) {
        if (!(TypeExtractor.createTypeInfo(type) instanceof PojoTypeInfo<T> info)) {
            throw new IllegalArgumentException(type.getName() + " is not a Flink POJO");
        }
        return info.createSerializer(new SerializerConfigImpl());
    }
}
