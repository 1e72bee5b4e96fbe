package se.smartcitysweden.booking.localaws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiPredicate;

/**
 * An HTTP proxy in front of the emulator that answers chosen requests with an AWS error
 * instead of forwarding them, or forwards them and holds the answer back: how tests make SES
 * throttle or fail, or a DynamoDB write land while its answer comes too late, while the code
 * under test uses its real SDK client over real HTTP. Everything else passes through unchanged.
 *
 * <p>Made with {@link #oneDynamoDbWriteAtATime}, it also lets DynamoDB's write calls reach the
 * emulator one at a time. DynamoDB applies each conditional write atomically; moto does not
 * serialise them across its request threads, and when a transaction is cancelled it puts a copy
 * of the table in place, so a write acknowledged meanwhile can vanish. Serialised, the emulator's
 * own condition checks decide as DynamoDB's would, and a load test on the local stack measures
 * the system rather than the emulator's races. Reads stay concurrent.
 */
public final class FaultInjectingProxy implements AutoCloseable {
    static final String RESTRICTED_HEADERS_HINT = "the proxy must pass the signed Host header on, which HttpURLConnection "
            + "allows only with -Dsun.net.http.allowRestrictedHeaders=true set before its first use (the build's failsafe "
            + "argLine and local-runtime/run.sh set it)";

    static {
        // Before the first HttpURLConnection of the JVM, where possible (MotoServer sets it too).
        System.setProperty("sun.net.http.allowRestrictedHeaders", "true");
    }

    /** The DynamoDB operations that write (by the {@code X-Amz-Target} header, {@code DynamoDB_20120810.<operation>}). */
    static final Set<String> DYNAMODB_WRITES =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");

    static {
        noNagleDelay();
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI target;
    private final List<Fault> faults = new CopyOnWriteArrayList<>();
    private final List<java.util.function.Consumer<Forwarded>> observers = new CopyOnWriteArrayList<>();
    private final List<Runnable> writeObservers = new CopyOnWriteArrayList<>();

    /** A request the emulator answered, as it went through (for a local stand-in of what AWS does with it). */
    public record Forwarded(String method, String path, byte[] requestBody, int status, byte[] responseBody) { }
    /** Held while a DynamoDB write is forwarded (fair: first come, first written); null: writes not serialised. */
    private final ReentrantLock writeLock;

    /**
     * A canned AWS error for requests that match (path, body), {@code times} times (-1: until cleared);
     * or, with a {@code delay}, the request forwarded and its real answer sent only after the delay.
     */
    public record Fault(BiPredicate<String, String> matches, int status, String errorType, String message,
                        AtomicInteger remaining, Duration delay) {
        public static Fault of(BiPredicate<String, String> matches, int status, String errorType, int times) {
            return new Fault(matches, status, errorType, errorType + " (injected by the test)",
                    new AtomicInteger(times < 0 ? Integer.MAX_VALUE : times), null);
        }

        /** The emulator does the work; the caller hears of it only after {@code delay} (a slow or lost answer). */
        public static Fault lateAnswer(BiPredicate<String, String> matches, Duration delay, int times) {
            return new Fault(matches, 0, "", "", new AtomicInteger(times < 0 ? Integer.MAX_VALUE : times), delay);
        }
    }

    public FaultInjectingProxy(URI target) {
        this(target, false);
    }

    private FaultInjectingProxy(URI target, boolean serialiseDynamoDbWrites) {
        this.target = target;
        this.writeLock = serialiseDynamoDbWrites ? new ReentrantLock(true) : null;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // A thread per request in flight: requests waiting for the write lock must not hold up reads.
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "aws-proxy");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * The JDK's HTTP server writes an answer's headers and body as two TCP segments; with Nagle's
     * algorithm on, the body waits for the client's delayed ACK of the headers: 40 ms more per
     * request (measured: 48 ms instead of 6 for a GetItem through the proxy). The server reads this
     * setting once, when the first one in the JVM starts: call this before.
     */
    public static void noNagleDelay() {
        System.getProperties().putIfAbsent("sun.net.httpserver.nodelay", "true");
    }

    /** A proxy that forwards DynamoDB's write calls one at a time (see the class comment), and the rest as they come. */
    public static FaultInjectingProxy oneDynamoDbWriteAtATime(URI target) {
        return new FaultInjectingProxy(target, true);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void add(Fault fault) {
        faults.add(fault);
    }

    public void clear() {
        faults.clear();
    }

    /** Calls {@code observer} with every request the emulator answered (on the proxy's thread; it must be quick). */
    public void observe(java.util.function.Consumer<Forwarded> observer) {
        observers.add(observer);
    }

    /**
     * Calls {@code observer} after each DynamoDB write that the emulator answered, once the answer is on its way
     * (only in a proxy made by {@link #oneDynamoDbWriteAtATime}; on the proxy's thread; it must be quick).
     */
    public void afterDynamoDbWrites(Runnable observer) {
        writeObservers.add(observer);
    }

    /** SES v2 SendEmail requests whose body holds {@code marker} (for example a recipient's address in the raw mail). */
    public static BiPredicate<String, String> sesSendEmail(String marker) {
        return (path, body) -> path.startsWith("/v2/email/outbound-emails") && (marker == null || body.contains(marker));
    }

    /** DynamoDB TransactWriteItems requests (the booking's one write). */
    public static BiPredicate<String, String> dynamoDbTransactWrite() {
        return (path, body) -> body.contains("\"TransactItems\"");
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        // SES raw content arrives base64-encoded: match against the decoded text too.
        String text = new String(body, StandardCharsets.UTF_8) + decodedRawData(body);
        for (Fault fault : faults) {
            if (fault.matches().test(path, text) && fault.remaining().getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0) {
                if (fault.delay() != null) {
                    forward(exchange, body, fault.delay());
                    return;
                }
                byte[] error = ("{\"__type\":\"" + fault.errorType() + "\",\"message\":\"" + fault.message() + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.getResponseHeaders().add("x-amzn-ErrorType", fault.errorType());
                exchange.sendResponseHeaders(fault.status(), error.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(error);
                }
                return;
            }
        }
        if (writeLock == null || !isDynamoDbWrite(exchange)) {
            forward(exchange, body, Duration.ZERO);
            return;
        }
        writeLock.lock();
        try {
            forward(exchange, body, Duration.ZERO);
        } finally {
            writeLock.unlock();
        }
        for (Runnable observer : writeObservers) {
            try {
                observer.run();
            } catch (RuntimeException e) {
                System.err.println("proxy write observer failed: " + e);
            }
        }
    }

    private static boolean isDynamoDbWrite(HttpExchange exchange) {
        String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        return operation != null && operation.startsWith("DynamoDB_")
                && DYNAMODB_WRITES.contains(operation.substring(operation.indexOf('.') + 1));
    }

    private static String decodedRawData(byte[] body) {
        String json = new String(body, StandardCharsets.UTF_8);
        int start = json.indexOf("\"Data\":\"");
        if (start < 0) return "";
        int end = json.indexOf('"', start + 8);
        try {
            return new String(java.util.Base64.getDecoder().decode(json.substring(start + 8, end)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private void forward(HttpExchange exchange, byte[] body, Duration delay) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) target.resolve(exchange.getRequestURI().toString()).toURL()
                .openConnection();
        connection.setRequestMethod(exchange.getRequestMethod());
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            String name = header.getKey();
            if (name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) continue;
            for (String value : header.getValue()) connection.addRequestProperty(name, value);
        }
        // The client signed the Host it sent here; the emulator checks that signature.
        if (connection.getRequestProperty("Host") == null && exchange.getRequestHeaders().containsKey("Host")) {
            throw new IllegalStateException(RESTRICTED_HEADERS_HINT);
        }
        if (body.length > 0) {
            connection.setDoOutput(true);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(body);
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] response = in == null ? new byte[0] : in.readAllBytes();
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null && !name.equalsIgnoreCase("Transfer-Encoding") && !name.equalsIgnoreCase("Content-Length")
                    && !name.equalsIgnoreCase("Connection")) {
                values.forEach(value -> exchange.getResponseHeaders().add(name, value));
            }
        });
        for (java.util.function.Consumer<Forwarded> observer : observers) {
            try {
                observer.accept(new Forwarded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body, status, response));
            } catch (RuntimeException e) {
                System.err.println("proxy observer failed: " + e);
            }
        }
        exchange.sendResponseHeaders(status, response.length == 0 ? -1 : response.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(response);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
