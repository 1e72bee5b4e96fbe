package se.smartcitysweden.booking.manage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.localaws.SampleEvents;

/**
 * The sample events of {@code events/apigw/manage-*.json}, read with Lambda's own serializer as
 * the Java runtime does, and pointed at a test's booking and token.
 */
final class ApiEvents {
    private ApiEvents() { }

    static APIGatewayV2HTTPEvent load(String name) {
        return SampleEvents.apiGateway(name);
    }

    /** A sample event for another booking and token (null: none); other query parameters stay as in the sample. */
    static APIGatewayV2HTTPEvent forBooking(String name, String bookingId, String token) {
        APIGatewayV2HTTPEvent event = load(name);
        String page = event.getRawPath().substring(event.getRawPath().lastIndexOf('/') + 1);
        String path = "/bookings/" + bookingId + "/" + page;
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.setPathParameters(new HashMap<>(Map.of("id", bookingId)));
        Map<String, String> query = new LinkedHashMap<>();
        if (event.getQueryStringParameters() != null) query.putAll(event.getQueryStringParameters());
        if (token == null) query.remove("token");
        else query.put("token", token);
        return withQuery(event, query);
    }

    static APIGatewayV2HTTPEvent withQuery(APIGatewayV2HTTPEvent event, Map<String, String> query) {
        event.setQueryStringParameters(query.isEmpty() ? null : new LinkedHashMap<>(query));
        event.setRawQueryString(query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        return event;
    }

    static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, String body, boolean base64) {
        event.setBody(base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.setIsBase64Encoded(base64);
        event.getHeaders().put("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
        return event;
    }

}
