package se.smartcitysweden.booking.localaws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The container credentials endpoint Lambda gives a SnapStart function instead of key variables:
 * {@code GET} with {@code Authorization: <token>} answers temporary credentials as JSON
 * ({@code AccessKeyId}, {@code SecretAccessKey}, {@code Token}, {@code Expiration}); any other
 * token gets 401. It serves the session of one function's local role ({@link #start(AwsCredentialsProvider)},
 * see {@link LocalIam}), or throw-away keys for an emulator that checks nothing. It counts the
 * credentials it served, so a test can tell that a function took its credentials from here.
 */
public final class ContainerCredentialsEndpoint implements AutoCloseable {
    private static final Duration VALIDITY = Duration.ofHours(6);

    private final HttpServer server;
    private final ExecutorService executor;
    private final String token;
    private final AwsCredentialsProvider source;
    private final AtomicInteger served = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private ContainerCredentialsEndpoint(HttpServer server, ExecutorService executor, String token,
                                         AwsCredentialsProvider source) {
        this.server = server;
        this.executor = executor;
        this.token = token;
        this.source = source;
    }

    /** Starts on a free port of the loopback interface (the SDK takes plain HTTP only from there). */
    public static ContainerCredentialsEndpoint start() {
        return start(() -> AwsSessionCredentials.create("ASIALOCALCONTAINER01", "local-container-secret",
                "local-container-session-token"));
    }

    /** Serving the credentials {@code source} gives (a function's role: {@code LocalAws.credentialsOf}). */
    public static ContainerCredentialsEndpoint start(AwsCredentialsProvider source) {
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newSingleThreadExecutor(task -> {
                Thread thread = new Thread(task, "container-credentials-" + server.getAddress().getPort());
                thread.setDaemon(true);
                return thread;
            });
            ContainerCredentialsEndpoint endpoint =
                    new ContainerCredentialsEndpoint(server, executor, HexFormat.of().formatHex(random), source);
            server.setExecutor(executor);
            server.createContext("/", endpoint::handle);
            server.start();
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the container credentials endpoint", e);
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/credentials");
    }

    public String token() { return token; }

    /** The two variables Lambda sets for it: {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and the token. */
    public Map<String, String> environment() {
        return Map.of("AWS_CONTAINER_CREDENTIALS_FULL_URI", uri().toString(),
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", token);
    }

    /** Credentials handed out (requests with the right token). */
    public int requestsServed() { return served.get(); }

    /** Requests refused for a missing or wrong token. */
    public int requestsRefused() { return refused.get(); }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!token.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refused.incrementAndGet();
                send(exchange, 401, "{\"message\":\"unauthorized\"}");
                return;
            }
            if (!exchange.getRequestMethod().equals("GET")) {
                send(exchange, 405, "{\"message\":\"GET only\"}");
                return;
            }
            served.incrementAndGet();
            AwsCredentials credentials = source.resolveCredentials();
            String session = credentials instanceof AwsSessionCredentials withToken ? withToken.sessionToken() : "";
            send(exchange, 200, "{\"AccessKeyId\":\"" + credentials.accessKeyId() + "\",\"SecretAccessKey\":\""
                    + credentials.secretAccessKey() + "\",\"Token\":\"" + session + "\",\"Expiration\":\""
                    + Instant.now().plus(VALIDITY).truncatedTo(ChronoUnit.SECONDS) + "\"}");
        }
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
