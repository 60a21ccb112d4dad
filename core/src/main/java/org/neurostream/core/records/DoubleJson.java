package org.neurostream.core.records;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Jackson serializers for {@code double}, {@code Double} and {@code double[]} that write the same
 * bytes as Jackson's own ({@link Double#toString(double)} text, unquoted, non-finite values as
 * Jackson writes them), with {@link PlainDoubleText} for the values it formats: band-power records
 * hold hundreds of doubles each, and {@code Double.toString} of Java 17 spent most of their
 * encoding time in big-integer arithmetic.
 */
final class DoubleJson {
    private DoubleJson() {}

    /** A module with the serializers, for {@link RecordJson#newMapper()}. */
    static SimpleModule module() {
        final SimpleModule module = new SimpleModule("neurostream-doubles");
        final ScalarSerializer scalar = new ScalarSerializer();
        module.addSerializer(double.class, scalar);
        module.addSerializer(Double.class, scalar);
        module.addSerializer(double[].class, new ArraySerializer());
        return module;
    }

    private static void write(final double value, final char[] text, final JsonGenerator gen)
            throws IOException {
        final int length = PlainDoubleText.write(value, text, 0);
        if (length < 0) {
            gen.writeNumber(value);
        } else {
            gen.writeNumber(text, 0, length);
        }
    }

    private static final class ScalarSerializer extends StdSerializer<Double> {
        private static final long serialVersionUID = 1L;

        ScalarSerializer() {
            super(Double.class);
        }

        @Override
        public void serialize(
                final Double value, final JsonGenerator gen, final SerializerProvider provider)
                throws IOException {
            write(value, new char[PlainDoubleText.MAX_LENGTH], gen);
        }
    }

    private static final class ArraySerializer extends StdSerializer<double[]> {
        private static final long serialVersionUID = 1L;

        ArraySerializer() {
            super(double[].class);
        }

        @Override
        public void serialize(
                final double[] value, final JsonGenerator gen, final SerializerProvider provider)
                throws IOException {
            final char[] text = new char[PlainDoubleText.MAX_LENGTH];
            gen.writeStartArray(value, value.length);
            for (final double v : value) {
                write(v, text, gen);
            }
            gen.writeEndArray();
        }
    }
}
