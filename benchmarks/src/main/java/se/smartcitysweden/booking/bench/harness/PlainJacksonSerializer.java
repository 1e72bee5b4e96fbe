package se.smartcitysweden.booking.bench.harness;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;

/**
 * The other way to read the event ({@code -Dbench.serializer=jackson}): the artifact's own
 * Jackson straight into the event class, without Lambda's serialization library. A class of its
 * own so that the default mode never loads it.
 */
final class PlainJacksonSerializer implements PojoSerializer<Object> {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final JavaType type;

    PlainJacksonSerializer(Type type) {
        this.type = MAPPER.constructType(type);
    }

    @Override
    public Object fromJson(InputStream input) {
        try {
            return MAPPER.readValue(input, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Object fromJson(String input) {
        try {
            return MAPPER.readValue(input, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void toJson(Object value, OutputStream output) {
        try {
            MAPPER.writeValue(output, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
