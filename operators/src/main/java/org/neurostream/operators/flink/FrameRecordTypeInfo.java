package org.neurostream.operators.flink;

import org.neurostream.core.frame.FrameRecord;

/**
 * The type of frames between the job's operators: {@link FrameRecordSerializer}, not Flink's
 * reflective POJO serializer. Operators that emit frames name it ({@code returns(INSTANCE)}, their
 * {@code getProducedType}, their side outputs' tags).
 */
public final class FrameRecordTypeInfo extends SerializerTypeInfo<FrameRecord> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final FrameRecordTypeInfo INSTANCE = new FrameRecordTypeInfo();

    private FrameRecordTypeInfo() {
        super(FrameRecord.class, FrameRecordSerializer::new);
    }
}
