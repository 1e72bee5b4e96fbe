package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.smartcitysweden.booking.localaws.MotoServer;

/**
 * The runtime built in the test's own JVM through {@link LocalRuntime#start}, as later event
 * sources use it: functions invoked directly from the registry (what a stream poller or a schedule
 * does) and local pages registered on the HTTP API server. (Functions that call AWS need the
 * emulator's endpoint in the process environment, so {@link LocalRuntimeIT} covers those.)
 */
class LocalRuntimeInProcessIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path folder;
    private static MotoServer moto;
    private static LocalRuntime runtime;
    private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws Exception {
        moto = MotoServer.start();
        LocalRuntime.Settings settings = TestTemplate.settings(folder, moto, Map.of("SiteOrigins", "https://example.org"));
        runtime = LocalRuntime.start(settings, new PrintStream(console, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) runtime.close();
        if (moto != null) moto.close();
    }

    @Test
    void functionsAreInvokedFromTheRegistryWithJsonPayloads() throws Exception {
        LocalFunction function = runtime.functions().get("EnvironmentFunction");
        InvocationResult first = function.invoke("{\"numbers\":[20,22]}".getBytes(StandardCharsets.UTF_8));
        InvocationResult second = function.invoke("{\"numbers\":[1]}".getBytes(StandardCharsets.UTF_8));

        assertFalse(first.failed(), first.payloadText());
        assertEquals(42, JSON.readTree(first.payload()).path("sum").asInt());
        assertEquals(1, JSON.readTree(second.payload()).path("sum").asInt());
        assertTrue(first.coldStart() && first.initMillis() >= 0);
        assertFalse(second.coldStart(), "the instance is reused");
        assertEquals(1, function.instancesBuilt());
        assertTrue(first.log().contains("described the environment"), "the LambdaLogger's line is in the log");
        assertEquals(Map.of("Echo", "HttpApi", "EchoRest", "HttpApi", "EchoFixed", "HttpApi"),
                JSON.convertValue(runtime.functions().get("EchoFunction").events("HttpApi").entrySet().stream()
                        .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                                e -> e.getValue().path("Type").asText())), Map.class));
    }

    @Test
    void concurrentInvocationsGetTheirOwnInstances() throws Exception {
        LocalFunction function = runtime.functions().get("EchoFunction");
        Thread[] threads = new Thread[3];
        for (int i = 0; i < threads.length; i++) {
            threads[i] = new Thread(() -> function.invoke("{}".getBytes(StandardCharsets.UTF_8)));
            threads[i].start();
        }
        for (Thread thread : threads) thread.join();
        assertTrue(function.instancesBuilt() >= 1 && function.instancesBuilt() <= 3);
        function.invoke("{}".getBytes(StandardCharsets.UTF_8));
        assertTrue(function.instancesBuilt() <= 3, "a warm instance is reused");
    }

    @Test
    void localPagesRegisterOnTheHttpApiServer() throws Exception {
        runtime.httpApi().register("/_local/test-page", exchange -> {
            byte[] page = ("test page at " + exchange.getRequestURI().getPath()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        HttpClient http = HttpClient.newHttpClient();
        URI base = runtime.httpApi().url();
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(base.resolve("/_local/test-page/3")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertEquals("test page at /_local/test-page/3", page.body());
        assertEquals(404, http.send(HttpRequest.newBuilder(base.resolve("/_local/test-pages")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
    }

    @Test
    void parameterOverridesReachTheCorsConfiguration() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(runtime.httpApi().url().resolve("/bookings"))
                .header("Origin", "https://example.org").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("https://example.org", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        JsonNode routes = JSON.valueToTree(runtime.httpApi().routes().routes().stream()
                .map(HttpApiRoutes.Route::routeKey).toList());
        assertTrue(routes.toString().contains("POST /bookings"), routes.toString());
        assertTrue(console.toString(StandardCharsets.UTF_8).contains(LocalRuntime.READY));
    }
}
