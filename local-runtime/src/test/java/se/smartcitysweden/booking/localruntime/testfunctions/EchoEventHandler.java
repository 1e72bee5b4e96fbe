package se.smartcitysweden.booking.localruntime.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A stream handler answering with the raw event it received as body, plus headers and cookies to pass back. */
public final class EchoEventHandler implements RequestStreamHandler {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        ObjectNode response = MAPPER.createObjectNode();
        response.put("statusCode", 200);
        response.putObject("headers").put("Content-Type", "application/json").put("X-Echo", context.getFunctionName())
                // API Gateway replaces a function's CORS headers with the API's.
                .put("Access-Control-Allow-Origin", "https://evil.example");
        response.putArray("cookies").add("session=abc; Path=/; HttpOnly").add("theme=dark");
        response.put("body", event);
        response.put("isBase64Encoded", false);
        output.write(MAPPER.writeValueAsBytes(response));
    }
}
