package se.smartcitysweden.booking.bench.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The floor under Lambda's runtime interface client: the least a Java function does with any
 * event. It parses the event with Jackson (and an HTTP API event's body too) and answers a small
 * JSON object; no AWS client, no validation. As a {@link RequestStreamHandler} it leaves the
 * runtime client's own serializer out, so the floor is the runtime client plus Jackson and the
 * function's ratio to it holds everything the function adds. Its artifact is ric-floor-lambda.jar.
 */
public final class StreamFloorHandler implements RequestStreamHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        JsonNode event = MAPPER.readTree(input);
        JsonNode body = event.path("body");
        int status = 200;
        if (body.isTextual()) status = MAPPER.readTree(body.asText()).isObject() ? 201 : 400;
        MAPPER.writeValue(output, MAPPER.createObjectNode().put("statusCode", status).put("fields", event.size()));
    }
}
