package se.smartcitysweden.booking.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's forwarding order, against a stand-in backend that takes its time with every request
 * and counts how many of each kind it is serving at once.
 */
class FaultInjectingProxyTest {
    static {
        FaultInjectingProxy.noNagleDelay(); // before the stand-in backend starts the JDK's first HTTP server
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final AtomicInteger writesInFlight = new AtomicInteger();
    private final AtomicInteger mostWritesAtOnce = new AtomicInteger();
    private final AtomicInteger readsInFlight = new AtomicInteger();
    private final AtomicInteger mostReadsAtOnce = new AtomicInteger();
    private volatile boolean quickBackend;
    private HttpServer backend;
    private ExecutorService backendThreads;

    @BeforeEach
    void startBackend() throws IOException {
        backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        backendThreads = Executors.newCachedThreadPool();
        backend.setExecutor(backendThreads);
        backend.createContext("/", this::serveSlowly);
        backend.start();
    }

    @AfterEach
    void stopBackend() {
        backend.stop(0);
        backendThreads.shutdownNow();
    }

    @Test
    void givenConcurrentDynamoDbCalls_whenWritesAreSerialised_thenOneWriteAtATimeAndReadsMeanwhile() throws Exception {
        try (FaultInjectingProxy proxy = FaultInjectingProxy.oneDynamoDbWriteAtATime(backendUri())) {
            List<String> operations = new ArrayList<>();
            for (String write : FaultInjectingProxy.DYNAMODB_WRITES) operations.addAll(List.of(write, write));
            for (int i = 0; i < 8; i++) operations.add(i % 2 == 0 ? "GetItem" : "Query");

            List<Integer> statuses = sendAtOnce(proxy.endpoint(), operations);

            assertEquals(operations.size(), statuses.stream().filter(status -> status == 200).count(), statuses.toString());
            assertEquals(1, mostWritesAtOnce.get(), "writes reach the emulator one at a time");
            assertTrue(mostReadsAtOnce.get() > 1, "reads are not serialised: " + mostReadsAtOnce.get() + " at once");
        }
    }

    @Test
    void givenAPlainProxy_whenWritesComeAtOnce_thenTheyPassAtOnce() throws Exception {
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(backendUri())) {
            sendAtOnce(proxy.endpoint(), List.of("PutItem", "PutItem", "PutItem", "PutItem"));
            assertTrue(mostWritesAtOnce.get() > 1, "the fault-injecting proxy of the functions' tests changes no order");
        }
    }

    @Test
    void givenQuickAnswers_whenRequestsGoOneAfterAnother_thenTheProxyAddsNoNagleDelay() throws Exception {
        quickBackend = true;
        try (FaultInjectingProxy proxy = new FaultInjectingProxy(backendUri())) {
            sendAtOnce(proxy.endpoint(), List.of("GetItem")); // warm up
            long started = System.nanoTime();
            for (int i = 0; i < 20; i++) sendAtOnce(proxy.endpoint(), List.of("GetItem"));
            long averageMillis = (System.nanoTime() - started) / 20 / 1_000_000;
            assertTrue(averageMillis < 20, "a request through the proxy took " + averageMillis + " ms on average");
        }
    }

    private List<Integer> sendAtOnce(URI endpoint, List<String> operations) throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(operations.size());
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (String operation : operations) {
                answers.add(clients.submit(() -> HTTP.send(HttpRequest.newBuilder(endpoint.resolve("/"))
                        .header("X-Amz-Target", "DynamoDB_20120810." + operation)
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) statuses.add(answer.get());
            return statuses;
        } finally {
            clients.shutdownNow();
        }
    }

    private void serveSlowly(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        String operation = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        boolean write = FaultInjectingProxy.DYNAMODB_WRITES.contains(operation.substring(operation.indexOf('.') + 1));
        AtomicInteger inFlight = write ? writesInFlight : readsInFlight;
        AtomicInteger most = write ? mostWritesAtOnce : mostReadsAtOnce;
        most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        try {
            if (!quickBackend) Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
        byte[] body = "{}".getBytes();
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private URI backendUri() {
        return URI.create("http://127.0.0.1:" + backend.getAddress().getPort());
    }
}
