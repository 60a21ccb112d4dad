package org.neurostream.operators.flink;

import org.neurostream.core.records.BandPowerRecord;

/**
 * The type of band-power records between the job's operators: {@link BandPowerRecordSerializer},
 * not Flink's reflective POJO serializer. {@link BandPowerFunction} names it as its produced type.
 */
public final class BandPowerRecordTypeInfo extends SerializerTypeInfo<BandPowerRecord> {
    private static final long serialVersionUID = 1L;

    /** The one instance. */
    public static final BandPowerRecordTypeInfo INSTANCE = new BandPowerRecordTypeInfo();

    private BandPowerRecordTypeInfo() {
        super(BandPowerRecord.class, BandPowerRecordSerializer::new);
    }
}
