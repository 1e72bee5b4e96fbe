package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local {@code sam local start-lambda}: Lambda's Invoke API
 * ({@code POST /2015-03-31/functions/{name}/invocations}) for every function of the template, so
 * {@code aws lambda invoke --endpoint-url http://localhost:3001 ...} and SDK clients work against it.
 * Answers as Lambda does: 200 with the result and {@code X-Amz-Executed-Version}; a handler error is
 * 200 with {@code X-Amz-Function-Error: Unhandled} and the error document; unknown functions 404
 * {@code ResourceNotFoundException}. Invocation types RequestResponse, Event (202) and DryRun (204);
 * {@code X-Amz-Log-Type: Tail} returns the invocation's log in {@code X-Amz-Log-Result}.
 */
public final class InvokeApiServer implements AutoCloseable {
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations/?$");
    /** Lambda's limit for a synchronous invocation's payload. */
    static final int MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
    private static final int LOG_TAIL_BYTES = 4096;

    private final LocalHttpServer server;
    private final FunctionRegistry functions;
    private final PrintStream console;

    public InvokeApiServer(InetSocketAddress address, FunctionRegistry functions, PrintStream console) throws IOException {
        this.functions = functions;
        this.console = console;
        this.server = new LocalHttpServer(address, 16, "invoke-api", this::handle);
    }

    public void start() { server.start(); }

    public int port() { return server.port(); }

    public URI url() { return URI.create("http://localhost:" + port()); }

    @Override
    public void close() { server.close(); }

    private void handle(HttpExchange exchange) {
        String requestId = java.util.UUID.randomUUID().toString();
        exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
        try {
            Matcher matcher = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (!matcher.matches() || !HttpExchanges.method(exchange).equals("POST")) {
                error(exchange, 404, "UnknownOperationException", "Unknown operation "
                        + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath());
                return;
            }
            String name = URLDecoder.decode(matcher.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
            String qualifier = Optional.ofNullable(exchange.getRequestURI().getRawQuery())
                    .map(HttpApiEvents::queryParameters).map(query -> query.get("Qualifier")).orElse(null);
            Optional<LocalFunction> function = functions.find(name, qualifier);
            if (function.isEmpty()) {
                String arn = name.startsWith("arn:") ? name : "arn:aws:lambda:" + functions.region() + ":"
                        + se.smartcitysweden.booking.localaws.CloudFormationTemplate.ACCOUNT + ":function:" + name
                        + (qualifier == null ? "" : ":" + qualifier);
                error(exchange, 404, "ResourceNotFoundException", "Function not found: " + arn);
                return;
            }
            byte[] payload = HttpExchanges.readBody(exchange, MAX_PAYLOAD_BYTES);
            if (payload == null) {
                error(exchange, 413, "RequestTooLargeException", "Request must be smaller than "
                        + MAX_PAYLOAD_BYTES + " bytes for the InvokeFunction operation");
                return;
            }
            if (payload.length == 0) payload = "{}".getBytes(StandardCharsets.UTF_8);
            try {
                Json.parse(payload);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                error(exchange, 400, "InvalidRequestContentException",
                        "Could not parse request body into json: " + e.getOriginalMessage());
                return;
            }
            String invocationType = Optional.ofNullable(HttpExchanges.header(exchange, "X-Amz-Invocation-Type"))
                    .orElse("RequestResponse");
            switch (invocationType) {
                case "DryRun" -> {
                    HttpExchanges.send(exchange, 204, new byte[0]);
                    return;
                }
                case "Event" -> {
                    function.get().invokeAsync(payload);
                    console.println("Invoke API: " + function.get().logicalId() + " invoked asynchronously (Event)");
                    HttpExchanges.send(exchange, 202, new byte[0]);
                    return;
                }
                case "RequestResponse" -> { }
                default -> {
                    error(exchange, 400, "InvalidParameterValueException",
                            "Unsupported invocation type " + invocationType);
                    return;
                }
            }
            InvocationResult result = function.get().invoke(payload);
            exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (result.failed()) exchange.getResponseHeaders().set("X-Amz-Function-Error", result.functionError());
            if ("Tail".equalsIgnoreCase(HttpExchanges.header(exchange, "X-Amz-Log-Type"))) {
                exchange.getResponseHeaders().set("X-Amz-Log-Result", logTail(result.log()));
            }
            console.printf(Locale.ROOT, "Invoke API: %s%s -> %s%n", function.get().logicalId(),
                    result.coldStart() ? " (cold start)" : "",
                    result.failed() ? "function error " + result.errorType() : "200");
            HttpExchanges.send(exchange, 200, result.payload());
        } catch (Exception e) {
            console.println("Invoke API: failed in the local runtime: " + e);
            e.printStackTrace(console);
            try {
                error(exchange, 500, "ServiceException", "The local runtime failed: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                // the answer was under way already
            }
        } finally {
            exchange.close();
        }
    }

    private static String logTail(String log) {
        byte[] bytes = log.getBytes(StandardCharsets.UTF_8);
        int from = Math.max(0, bytes.length - LOG_TAIL_BYTES);
        return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(bytes, from, bytes.length));
    }

    /** Lambda's error answers: {@code {"Type":"User","message":...}} and the error type in x-amzn-ErrorType. */
    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        ObjectNode body = Json.MAPPER.createObjectNode().put("Type", status >= 500 ? "Service" : "User")
                .put("message", message);
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        HttpExchanges.sendJson(exchange, status, Json.bytes(body));
    }
}
