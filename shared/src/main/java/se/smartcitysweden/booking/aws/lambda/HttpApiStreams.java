package se.smartcitysweden.booking.aws.lambda;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.json.Json;

/**
 * An HTTP API (payload 2.0) event read, and its answer written, with the function's own Jackson.
 * Lambda's runtime would otherwise set up its own serializer, with a second, shaded Jackson, at
 * every cold start (BENCHMARKS.md). The event class's getters carry AWS's field names
 * ({@code getIsBase64Encoded} is {@code isBase64Encoded}), so plain Jackson reads it as AWS sends it;
 * fields the class does not know (AWS adds some now and then) are skipped, as Lambda's serializer skips them.
 * Used by the functions behind the HTTP API (submit, manage, console).
 */
public final class HttpApiStreams {
    private static final ObjectReader EVENT = Json.MAPPER.readerFor(APIGatewayV2HTTPEvent.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private HttpApiStreams() { }

    public static APIGatewayV2HTTPEvent read(InputStream input) throws IOException {
        return EVENT.readValue(input);
    }

    /** The answer as API Gateway reads it; absent parts are left out rather than written as null. */
    public static void write(APIGatewayV2HTTPResponse response, OutputStream output) throws IOException {
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(output)) {
            json.writeStartObject();
            json.writeNumberField("statusCode", response.getStatusCode());
            writeMap(json, "headers", response.getHeaders());
            if (response.getMultiValueHeaders() != null) {
                json.writeObjectFieldStart("multiValueHeaders");
                for (Map.Entry<String, List<String>> header : response.getMultiValueHeaders().entrySet()) {
                    writeList(json, header.getKey(), header.getValue());
                }
                json.writeEndObject();
            }
            writeList(json, "cookies", response.getCookies());
            if (response.getBody() != null) json.writeStringField("body", response.getBody());
            json.writeBooleanField("isBase64Encoded", response.getIsBase64Encoded());
            json.writeEndObject();
        }
    }

    private static void writeMap(JsonGenerator json, String name, Map<String, String> map) throws IOException {
        if (map == null) return;
        json.writeObjectFieldStart(name);
        for (Map.Entry<String, String> entry : map.entrySet()) json.writeStringField(entry.getKey(), entry.getValue());
        json.writeEndObject();
    }

    private static void writeList(JsonGenerator json, String name, List<String> list) throws IOException {
        if (list == null) return;
        json.writeArrayFieldStart(name);
        for (String item : list) json.writeString(item);
        json.writeEndArray();
    }
}
