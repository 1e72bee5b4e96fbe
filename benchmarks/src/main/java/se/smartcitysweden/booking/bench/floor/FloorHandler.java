package se.smartcitysweden.booking.bench.floor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * The benchmark's floor: the least a Java function behind an HTTP API does. It parses the body
 * with Jackson and answers 201; no validation, no AWS client, no write. Its artifact
 * (floor-lambda.jar) has the same Jackson and Lambda libraries as the submit function's.
 */
public final class FloorHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        int status;
        String body;
        try {
            JsonNode booking = MAPPER.readTree(event.getBody());
            status = booking != null && booking.isObject() ? 201 : 400;
            body = MAPPER.writeValueAsString(MAPPER.createObjectNode()
                    .put("status", status == 201 ? "submitted" : "invalid"));
        } catch (JsonProcessingException e) {
            status = 400;
            body = "{\"status\":\"invalid\"}";
        }
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("Content-Type", "application/json; charset=utf-8"))
                .withBody(body).build();
    }
}
