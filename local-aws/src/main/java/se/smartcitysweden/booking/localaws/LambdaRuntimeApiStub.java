package se.smartcitysweden.booking.localaws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Lambda's Runtime API (the {@code 2018-06-01} interface a runtime client polls) for one function
 * process: events queued here are handed out one at a time by {@code GET .../invocation/next},
 * which blocks while none is queued, and their answers ({@code .../response} or {@code .../error})
 * complete the caller's future. An init error (or a SnapStart restore error) fails every
 * invocation waiting and every later one, as Lambda fails them. Point the process at
 * {@link #address()} with {@code AWS_LAMBDA_RUNTIME_API}.
 */
public final class LambdaRuntimeApiStub implements AutoCloseable {
    private static final String BASE = "/2018-06-01/runtime/";

    /** A function's answer: its payload, and the error type when it failed (null on success). */
    public record Result(String requestId, byte[] payload, String errorType) {
        public boolean isError() { return errorType != null; }

        public String text() { return new String(payload, StandardCharsets.UTF_8); }
    }

    private record Invocation(String requestId, byte[] event, CompletableFuture<Result> result) { }

    private final String functionArn;
    private final Duration functionTimeout;
    private final HttpServer server;
    private final ExecutorService executor;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Result> initError = new CompletableFuture<>();
    private final CompletableFuture<Long> firstNextNanos = new CompletableFuture<>();
    private volatile boolean closed;

    private LambdaRuntimeApiStub(String functionArn, Duration functionTimeout, HttpServer server,
                                 ExecutorService executor) {
        this.functionArn = functionArn;
        this.functionTimeout = functionTimeout;
        this.server = server;
        this.executor = executor;
    }

    /** Starts on a free port of the loopback interface. */
    public static LambdaRuntimeApiStub start(String functionArn, Duration functionTimeout) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            // One thread per open request: a pending "next" holds its thread until an event comes.
            ExecutorService executor = Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "runtime-api-" + server.getAddress().getPort());
                thread.setDaemon(true);
                return thread;
            });
            LambdaRuntimeApiStub stub = new LambdaRuntimeApiStub(functionArn, functionTimeout, server, executor);
            server.setExecutor(executor);
            server.createContext(BASE, stub::handle);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Runtime API stub", e);
        }
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues an event; the future completes with the function's answer. */
    public CompletableFuture<Result> enqueue(byte[] event) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), event.clone(), new CompletableFuture<>());
        queue.add(invocation);
        // After an init error no process asks for it: fail it, as Lambda fails invocations then.
        initError().ifPresent(this::failQueued);
        return invocation.result();
    }

    /** Queues an event and waits for its answer. */
    public Result invoke(byte[] event, Duration timeout) throws TimeoutException, InterruptedException {
        try {
            return enqueue(event).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("invocation failed in the stub", e.getCause());
        }
    }

    /** The init (or restore) error the runtime reported, if any. */
    public Optional<Result> initError() {
        return Optional.ofNullable(initError.getNow(null));
    }

    /** {@link System#nanoTime()} when the runtime first asked for an event: its init was done then. */
    public Optional<Long> firstNextNanos() {
        return Optional.ofNullable(firstNextNanos.getNow(null));
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        List<Invocation> waiting = new ArrayList<>(inFlight.values());
        queue.drainTo(waiting);
        waiting.forEach(i -> i.result().completeExceptionally(new IllegalStateException("Runtime API stub closed")));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath().substring(BASE.length());
            String method = exchange.getRequestMethod();
            byte[] body = exchange.getRequestBody().readAllBytes();
            String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
            if (method.equals("GET") && path.equals("invocation/next")) {
                next(exchange);
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/response")) {
                answer(exchange, path, "/response", new Result(null, body, null));
            } else if (method.equals("POST") && path.startsWith("invocation/") && path.endsWith("/error")) {
                answer(exchange, path, "/error", new Result(null, body, errorType == null ? "Unknown" : errorType));
            } else if (method.equals("POST") && (path.equals("init/error") || path.equals("restore/error"))) {
                Result error = new Result(null, body, errorType == null ? "Unknown" : errorType);
                initError.complete(error);
                failQueued(error);
                send(exchange, 202, "{\"status\":\"OK\"}");
            } else if (method.equals("GET") && path.equals("restore/next")) {
                // SnapStart: the snapshot is "restored" at once.
                send(exchange, 200, "");
            } else {
                send(exchange, 404, "{\"errorMessage\":\"no such route\",\"errorType\":\"InvalidRequest\"}");
            }
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstNextNanos.complete(System.nanoTime());
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) invocation = queue.poll(200, TimeUnit.MILLISECONDS);
        } catch (InterruptedException stopping) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            send(exchange, 503, "{\"errorMessage\":\"stopped\"}");
            return;
        }
        inFlight.put(invocation.requestId(), invocation);
        long deadline = System.currentTimeMillis() + functionTimeout.toMillis();
        var headers = exchange.getResponseHeaders();
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId());
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        exchange.sendResponseHeaders(200, invocation.event().length == 0 ? -1 : invocation.event().length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(invocation.event());
        }
    }

    private void answer(HttpExchange exchange, String path, String suffix, Result result) throws IOException {
        String requestId = path.substring("invocation/".length(), path.length() - suffix.length());
        Invocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            send(exchange, 400, "{\"errorMessage\":\"unknown request id\",\"errorType\":\"InvalidRequestID\"}");
            return;
        }
        invocation.result().complete(new Result(requestId, result.payload(), result.errorType()));
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    private void failQueued(Result error) {
        List<Invocation> waiting = new ArrayList<>();
        queue.drainTo(waiting);
        waiting.forEach(i -> i.result().complete(new Result(i.requestId(), error.payload(), error.errorType())));
    }

    /** An X-Ray trace header as Lambda passes it: Root=1-{epoch seconds, hex}-{96 random bits, hex}. */
    private static String traceId() {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        return "Root=1-" + Long.toHexString(System.currentTimeMillis() / 1000) + "-" + HexFormat.of().formatHex(random)
                + ";Sampled=0";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
