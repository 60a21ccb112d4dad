package org.neurostream.ingest.dvs;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Little-endian reads from byte arrays (the JIT turns these into plain loads). */
final class Bytes {
    private static final VarHandle INT_LE =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT_LE =
            MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    private Bytes() {}

    static int intLe(final byte[] b, final int at) {
        return (int) INT_LE.get(b, at);
    }

    static long longLe(final byte[] b, final int at) {
        return (long) LONG_LE.get(b, at);
    }

    static short shortLe(final byte[] b, final int at) {
        return (short) SHORT_LE.get(b, at);
    }
}
