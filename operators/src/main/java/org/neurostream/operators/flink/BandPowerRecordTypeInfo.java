package org.neurostream.operators.flink;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.neurostream.core.records.BandPowerRecord;

/**
 * The type of band-power records between the job's operators: {@link BandPowerRecordSerializer},
 * not Flink's reflective POJO serializer. {@link BandPowerFunction} names it as its produced type.
 */
public final class BandPowerRecordTypeInfo extends TypeInformation<BandPowerRecord> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final BandPowerRecordTypeInfo INSTANCE = new BandPowerRecordTypeInfo();

    private BandPowerRecordTypeInfo() {}

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
    public Class<BandPowerRecord> getTypeClass() {
        return BandPowerRecord.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<BandPowerRecord> createSerializer(final SerializerConfig config) {
        return new BandPowerRecordSerializer();
    }

    @Override
    public String toString() {
        return "BandPowerRecord";
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof BandPowerRecordTypeInfo;
    }

    @Override
    public int hashCode() {
        return BandPowerRecordTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(final Object o) {
        return o instanceof BandPowerRecordTypeInfo;
    }
}
