package se.smartcitysweden.booking.localruntime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The local {@code sam local start-api}: the template's HTTP API routes, each request turned into a
 * payload format 2.0 event for its function and the result turned back into HTTP, with the API's
 * CORS and throttling. Requests that match no route fall through to the static files (the
 * repository's {@code web/}), then to API Gateway's 404 {@code {"message":"Not Found"}}.
 *
 * <p>Local pages and tools register their own paths with {@link #register(String, HttpHandler)}
 * (for example {@code /_local/mail}); they are served before the API routes.
 */
public final class HttpApiServer implements AutoCloseable {
    /** API Gateway's limit for a request's payload. */
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    private final LocalHttpServer server;
    private final HttpApiRoutes routes;
    private final StaticFiles staticFiles;
    private final PrintStream console;
    private final Set<String> localOrigins;
    private final CopyOnWriteArrayList<Map.Entry<String, HttpHandler>> extraRoutes = new CopyOnWriteArrayList<>();

    /**
     * Binds the server (port 0 picks a free one); {@link #start()} starts serving.
     *
     * @param staticFiles the folder served for paths no route matches, or null
     */
    public HttpApiServer(InetSocketAddress address, HttpApiRoutes routes, StaticFiles staticFiles, PrintStream console)
            throws IOException {
        this.routes = routes;
        this.staticFiles = staticFiles;
        this.console = console;
        this.server = new LocalHttpServer(address, 32, "http-api", this::handle);
        int port = server.port();
        // The pages served here (and the default port's) may always call the API.
        this.localOrigins = new java.util.LinkedHashSet<>(java.util.List.of("http://localhost:3000",
                "http://127.0.0.1:3000", "http://localhost:" + port, "http://127.0.0.1:" + port));
    }

    /**
     * Serves {@code pathPrefix} (the path itself and everything below it) with {@code handler},
     * before the API routes. May be called while running.
     */
    public void register(String pathPrefix, HttpHandler handler) {
        String prefix = pathPrefix.endsWith("/") && pathPrefix.length() > 1
                ? pathPrefix.substring(0, pathPrefix.length() - 1) : pathPrefix;
        extraRoutes.add(Map.entry(prefix, handler));
    }

    public void start() { server.start(); }

    public int port() { return server.port(); }

    public URI url() { return URI.create("http://localhost:" + port()); }

    public HttpApiRoutes routes() { return routes; }

    @Override
    public void close() { server.close(); }

    private void handle(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = HttpExchanges.method(exchange);
        String rawPath = exchange.getRequestURI().getRawPath();
        String outcome = "";
        try {
            for (Map.Entry<String, HttpHandler> extra : extraRoutes) {
                String prefix = extra.getKey();
                if (rawPath.equals(prefix) || rawPath.startsWith(prefix.equals("/") ? prefix : prefix + "/")) {
                    extra.getValue().handle(exchange);
                    return;
                }
            }
            Optional<HttpApiRoutes.Match> match = routes.match(method, rawPath);
            Optional<HttpApiRoutes.Api> api = match.map(m -> m.route().api()).or(() -> routes.apiFor(rawPath));
            Cors cors = api.map(HttpApiRoutes.Api::cors).map(c -> c.withOrigins(localOrigins)).orElse(null);
            String origin = HttpExchanges.header(exchange, "Origin");
            if (cors != null && method.equals("OPTIONS") && origin != null
                    && HttpExchanges.header(exchange, "Access-Control-Request-Method") != null) {
                cors.preflight(origin, exchange.getResponseHeaders());
                HttpExchanges.send(exchange, 204, new byte[0]);
                outcome = "204 (CORS preflight)";
                return;
            }
            if (match.isPresent()) {
                outcome = invoke(exchange, match.get(), cors, origin);
                return;
            }
            if (staticFiles != null && staticFiles.serve(exchange)) {
                outcome = exchange.getResponseCode() + " (web/)";
                return;
            }
            if (cors != null) cors.apply(origin, exchange.getResponseHeaders());
            HttpExchanges.sendJson(exchange, 404, Json.message("Not Found"));
            outcome = "404";
        } catch (Exception e) {
            console.println("HTTP API: " + method + " " + rawPath + " failed in the local runtime: " + e);
            e.printStackTrace(console);
            try {
                HttpExchanges.sendJson(exchange, 500, Json.message("Internal Server Error"));
            } catch (IOException | RuntimeException ignored) {
                // the answer was under way already
            }
            outcome = "500";
        } finally {
            exchange.close();
            if (!outcome.isEmpty()) {
                console.printf(Locale.ROOT, "%s %s -> %s, %d ms%n", method, rawPath, outcome,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }
    }

    private String invoke(HttpExchange exchange, HttpApiRoutes.Match match, Cors cors, String origin)
            throws IOException {
        HttpApiRoutes.Route route = match.route();
        if (cors != null) cors.apply(origin, exchange.getResponseHeaders());
        if (!routes.admit(route)) {
            HttpExchanges.sendJson(exchange, 429, Json.message("Too Many Requests"));
            return "429 (throttled)";
        }
        byte[] body = HttpExchanges.readBody(exchange, MAX_REQUEST_BYTES);
        if (body == null) {
            HttpExchanges.sendJson(exchange, 413, Json.message("Request Entity Too Large"));
            return "413";
        }
        com.fasterxml.jackson.databind.node.ObjectNode event = HttpApiEvents.event(exchange, match, body);
        exchange.getResponseHeaders().set("Apigw-Requestid", event.path("requestContext").path("requestId").asText());
        InvocationResult result = route.function().invoke(Json.bytes(event));
        String via = route.function().logicalId() + (result.coldStart() ? " (cold start)" : "");
        if (result.failed()) {
            // API Gateway hides the function's error: 503 when it timed out, else 500.
            int status = result.timedOut() ? 503 : 500;
            HttpExchanges.sendJson(exchange, status,
                    Json.message(result.timedOut() ? "Service Unavailable" : "Internal Server Error"));
            return status + " from " + via + ": " + result.errorType();
        }
        HttpApiEvents.Answer answer = HttpApiEvents.answer(result.payload());
        answer.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("content-length") || name.equals("transfer-encoding") || name.equals("connection")) return;
            if (cors != null && name.startsWith("access-control-")) return;
            exchange.getResponseHeaders().add(header.getKey(), header.getValue());
        });
        HttpExchanges.send(exchange, answer.status(), answer.body());
        return answer.status() + " from " + via;
    }
}
