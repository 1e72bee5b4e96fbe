package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/**
 * API Gateway HTTP API payload format 2.0: an HTTP request as the event a function receives, and
 * the function's result back as an HTTP answer, with API Gateway's rules for both.
 */
final class HttpApiEvents {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private HttpApiEvents() { }

    /** An HTTP answer: status, headers in order (a name may repeat, as Set-Cookie does) and body. */
    record Answer(int status, List<Map.Entry<String, String>> headers, byte[] body) { }

    /** The payload format 2.0 event of one request. */
    static ObjectNode event(HttpExchange exchange, HttpApiRoutes.Match match, byte[] body) {
        HttpApiRoutes.Route route = match.route();
        Instant now = Instant.now();
        String rawPath = exchange.getRequestURI().getRawPath();
        String rawQuery = exchange.getRequestURI().getRawQuery();
        String sourceIp = exchange.getRemoteAddress().getAddress().getHostAddress();

        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                // Payload 2.0 moves cookies out of the headers into their own list.
                values.forEach(value -> {
                    for (String cookie : value.split(";")) if (!cookie.isBlank()) cookies.add(cookie.strip());
                });
                return;
            }
            headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
        });
        String host = headers.getOrDefault("host", "localhost");
        headers.merge("x-forwarded-for", sourceIp, (given, ip) -> given + ", " + ip);
        headers.put("x-forwarded-port", Integer.toString(exchange.getLocalAddress().getPort()));
        headers.put("x-forwarded-proto", "http");
        headers.put("x-amzn-trace-id", "Root=1-" + Long.toHexString(now.getEpochSecond()) + "-" + hex(12));

        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", route.routeKey());
        event.put("rawPath", rawPath);
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        if (!cookies.isEmpty()) {
            ArrayNode list = event.putArray("cookies");
            cookies.forEach(list::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            ObjectNode query = event.putObject("queryStringParameters");
            queryParameters(rawQuery).forEach(query::put);
        }
        if (!match.pathParameters().isEmpty()) {
            ObjectNode parameters = event.putObject("pathParameters");
            match.pathParameters().forEach(parameters::put);
        }

        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", CloudFormationTemplate.ACCOUNT);
        context.put("apiId", route.api().apiId());
        String domainName = host.contains(":") && !host.startsWith("[") ? host.substring(0, host.indexOf(':')) : host;
        context.put("domainName", domainName);
        context.put("domainPrefix", domainName.contains(".") ? domainName.substring(0, domainName.indexOf('.')) : domainName);
        ObjectNode http = context.putObject("http");
        http.put("method", exchange.getRequestMethod().toUpperCase(Locale.ROOT));
        http.put("path", rawPath);
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", sourceIp);
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", requestId());
        context.put("routeKey", route.routeKey());
        context.put("stage", "$default");
        context.put("time", TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        if (body.length > 0) {
            String text = isText(headers.get("content-type")) ? utf8(body) : null;
            event.put("body", text != null ? text : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", text == null);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /**
     * The HTTP answer for a function's result. A result with {@code statusCode} is taken apart
     * (headers, multiValueHeaders, cookies, body, isBase64Encoded); any other JSON is the body of a
     * 200 {@code application/json} answer, as API Gateway does for payload 2.0.
     */
    static Answer answer(byte[] payload) {
        JsonNode result;
        try {
            result = Json.parse(payload);
        } catch (java.io.IOException e) {
            return new Answer(500, jsonType(), Json.message("Internal Server Error"));
        }
        if (result == null || !result.isObject() || !result.has("statusCode")) {
            byte[] body = result != null && result.isTextual()
                    ? result.textValue().getBytes(StandardCharsets.UTF_8) : payload;
            return new Answer(200, jsonType(), body);
        }
        int status = result.path("statusCode").asInt(500);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        result.path("headers").fields().forEachRemaining(header -> {
            if (!header.getValue().isNull()) headers.add(Map.entry(header.getKey(), header.getValue().asText()));
        });
        result.path("multiValueHeaders").fields().forEachRemaining(header ->
                header.getValue().forEach(value -> headers.add(Map.entry(header.getKey(), value.asText()))));
        result.path("cookies").forEach(cookie -> headers.add(Map.entry("Set-Cookie", cookie.asText())));
        JsonNode bodyNode = result.path("body");
        byte[] body;
        if (bodyNode.isMissingNode() || bodyNode.isNull()) {
            body = new byte[0];
        } else if (result.path("isBase64Encoded").asBoolean(false)) {
            body = Base64.getMimeDecoder().decode(bodyNode.asText());
        } else {
            body = (bodyNode.isTextual() ? bodyNode.textValue() : bodyNode.toString()).getBytes(StandardCharsets.UTF_8);
        }
        return new Answer(status, headers, body);
    }

    /** Query parameters with repeated names joined by commas, as payload 2.0 has them. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int equals = pair.indexOf('=');
            String name = decodeQuery(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decodeQuery(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }

    /** Text bodies reach the function as they are; everything else base64-encoded. */
    static boolean isText(String contentType) {
        if (contentType == null) return false;
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.equals("application/json") || type.endsWith("+json")
                || type.equals("application/x-www-form-urlencoded") || type.equals("application/xml")
                || type.endsWith("+xml") || type.equals("application/javascript")
                || type.equals("application/graphql");
    }

    private static List<Map.Entry<String, String>> jsonType() {
        return List.of(Map.entry("Content-Type", "application/json"));
    }

    /** The body as text, or null when it is not valid UTF-8 (then it travels base64-encoded, losing nothing). */
    private static String utf8(byte[] body) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String decodeQuery(String text) {
        try {
            return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return text;
        }
    }

    /** API Gateway's request ids look like {@code JKJaXmPLvHcESHA=}. */
    static String requestId() {
        byte[] bytes = new byte[11];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return java.util.HexFormat.of().formatHex(random);
    }
}
