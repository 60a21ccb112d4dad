package org.neurostream.operators.flink;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.neurostream.core.frame.FrameRecord;

/**
 * The type of frames between the job's operators: {@link FrameRecordSerializer}, not Flink's
 * reflective POJO serializer. Operators that emit frames name it ({@code returns(INSTANCE)}, their
 * {@code getProducedType}, their side outputs' tags).
 */
public final class FrameRecordTypeInfo extends TypeInformation<FrameRecord> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final FrameRecordTypeInfo INSTANCE = new FrameRecordTypeInfo();

    private FrameRecordTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<FrameRecord> getTypeClass() {
        return FrameRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<FrameRecord> createSerializer(final SerializerConfig config) {
        return new FrameRecordSerializer();
    }

    @Override
    public String toString() {
        return "FrameRecord";
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof FrameRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return FrameRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(final Object o) {
        return o instanceof FrameRecordTypeInfo;
    }
}
