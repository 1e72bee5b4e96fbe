package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
import se.smartcitysweden.booking.localaws.MotoServer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The local runtime as {@code make run} runs it: its own JVM (the functions' AWS clients read the
 * emulator's endpoint from the process environment, which only a new process can be given),
 * against a moto_server of this test on a free port, with the repository's template plus test
 * functions. Requests go over real HTTP to both servers.
 */
class LocalRuntimeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String TABLE = LocalRuntime.STACK_NAME + "-BookingTable";

    @TempDir
    static Path folder;
    private static MotoServer moto;
    private static ChildRuntime runtime;
    private static URI api;
    private static URI lambda;

    @BeforeAll
    static void startRuntime() throws Exception {
        moto = MotoServer.start();
        Path template = TestTemplate.write(folder);
        int apiPort = MotoServer.freePort();
        int lambdaPort = MotoServer.freePort();
        api = URI.create("http://localhost:" + apiPort);
        lambda = URI.create("http://localhost:" + lambdaPort);

        runtime = ChildRuntime.start(moto.endpoint(), apiPort, lambdaPort, Map.of("LOCAL_TEMPLATE", template.toString()));
    }

    @AfterAll
    static void stopRuntime() {
        if (runtime != null) runtime.close();
        if (moto != null) moto.close();
    }

    @Test
    void aBookingPostedToTheHttpApiIsStored() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(validBooking())));

        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        String id = body.path("id").asText();
        assertEquals("submitted", body.path("status").asText());
        assertEquals("/bookings/" + id, response.headers().firstValue("Location").orElseThrow());
        assertTrue(response.headers().firstValue("Apigw-Requestid").isPresent());
        try (DynamoDbClient dynamoDb = new LocalAwsClients(moto.endpoint()).dynamoDb()) {
            GetItemResponse item = dynamoDb.getItem(get -> get.tableName(TABLE)
                    .key(Map.of(BookingTable.PK, AttributeValue.fromS(BookingTable.bookingKey(id)))));
            assertTrue(item.hasItem(), "the booking is in " + TABLE);
            assertEquals(body.path("reference").asText(), item.item().get(BookingTable.REFERENCE).s());
        }
    }

    @Test
    void aPostedBookingIsMailedToTheCoordinatorAndTheVisitorThroughTheStream() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(validBooking())));
        assertEquals(201, response.statusCode(), response.body());
        String reference = JSON.readTree(response.body()).path("reference").asText();
        LocalMailbox mailbox = new LocalMailbox(moto.endpoint());

        long started = System.nanoTime();
        List<SentMail> mails = List.of();
        while (System.nanoTime() - started < TimeUnit.SECONDS.toNanos(20)) {
            mails = mailbox.messages().stream().filter(mail -> mail.subject().contains(reference)
                    || mail.text().contains(reference)).toList();
            if (mails.size() >= 2) break;
            Thread.sleep(200);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        assertEquals(2, mails.size(), "both e-mails of " + reference + " within 20 s (" + seconds + " s):\n" + runtime.output());
        SentMail coordinator = mails.stream().filter(mail -> mail.to().toString().contains("malmo@example.org"))
                .findFirst().orElseThrow(() -> new AssertionError("no mail to the Malmö coordinator"));
        SentMail visitor = mails.stream().filter(mail -> mail.to().toString().contains("asa@example.org"))
                .findFirst().orElseThrow(() -> new AssertionError("no mail to the visitor"));
        assertTrue(coordinator.replyTo().toString().contains("asa@example.org"), "a reply goes to the visitor");
        // The poller writes its line when the invocation has returned, a moment after the mails went out.
        String batchLine = "(?s).*NotifyCoordinatorFunction <- stream of " + TABLE + " \\(shard [^)]*\\): \\d+ records?, 0 failed.*";
        long waited = System.nanoTime();
        while (!runtime.output().matches(batchLine) && System.nanoTime() - waited < TimeUnit.SECONDS.toNanos(10)) Thread.sleep(100);
        assertTrue(runtime.output().matches(batchLine), "the poller's line for the batch");
        assertTrue(runtime.output().contains("left out by the filter"), "the booking's other items are not delivered");

        // The local mailbox lists them and shows each as its recipient sees it.
        HttpResponse<String> list = send(HttpRequest.newBuilder(api.resolve("/_local/mail")).GET());
        assertEquals(200, list.statusCode());
        assertEquals("text/html; charset=utf-8", list.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(list.body().contains(Html.escape(coordinator.subject())), list.body());
        assertTrue(list.body().contains(Html.escape(visitor.subject())), list.body());
        assertTrue(list.body().contains("Åsa"), "Swedish characters survive: " + list.body());

        List<String> ids = mailbox.messages().stream().map(SentMail::messageId).toList();
        int number = ids.indexOf(visitor.messageId()) + 1;
        assertTrue(list.body().contains("href=\"/_local/mail/" + number + "\""), list.body());
        HttpResponse<String> page = send(HttpRequest.newBuilder(api.resolve("/_local/mail/" + number)).GET());
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<h1>" + Html.escape(visitor.subject()) + "</h1>"), html);
        assertTrue(html.contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\""), "scripts stay off");
        assertFalse(html.contains("allow-scripts"));
        assertTrue(html.contains("srcdoc=\"&lt;"), "the HTML part, escaped into srcdoc");
        String firstTextLine = visitor.text().strip().lines().findFirst().orElseThrow();
        assertTrue(html.contains(Html.escape(firstTextLine)), "the text part: " + firstTextLine);
        assertFalse(html.contains("<script"), "nothing of the e-mail runs on the page");
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElseThrow().contains("default-src 'none'"));
        assertEquals(404, send(HttpRequest.newBuilder(api.resolve("/_local/mail/" + (ids.size() + 1))).GET()).statusCode());
        HttpResponse<String> raw = send(HttpRequest.newBuilder(api.resolve("/_local/mail/" + number + "/raw")).GET());
        assertEquals(visitor.raw(), raw.body());
    }

    @Test
    void anInvalidBookingIsRefusedByTheFunction() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertEquals(400, response.statusCode());
        assertTrue(JSON.readTree(response.body()).path("errors").size() > 0);
    }

    @Test
    void unknownRoutesAndMethodsAreNotFoundAsInApiGateway() throws Exception {
        for (HttpRequest.Builder request : List.of(
                HttpRequest.newBuilder(api.resolve("/nowhere")).GET(),
                HttpRequest.newBuilder(api.resolve("/bookings")).GET(),
                HttpRequest.newBuilder(api.resolve("/bookings/")).POST(HttpRequest.BodyPublishers.ofString("{}")),
                HttpRequest.newBuilder(api.resolve("/fail")).GET())) {
            HttpResponse<String> response = send(request);
            assertEquals(404, response.statusCode(), request.build().uri().toString());
            assertEquals("{\"message\":\"Not Found\"}", response.body());
        }
    }

    @Test
    void theEventHasPayloadFormat2() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api.resolve("/echo/a%20b?x=1&x=2&y=%C3%A5"))
                .header("Content-Type", "application/json").header("X-Custom", "one")
                .header("Cookie", "c1=v1; c2=v2")
                .method("PUT", HttpRequest.BodyPublishers.ofString("{\"å\":1}")));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode event = JSON.readTree(response.body());
        assertEquals("2.0", event.path("version").asText());
        assertEquals("ANY /echo/{id}", event.path("routeKey").asText());
        assertEquals("/echo/a%20b", event.path("rawPath").asText());
        assertEquals("x=1&x=2&y=%C3%A5", event.path("rawQueryString").asText());
        assertEquals("1,2", event.path("queryStringParameters").path("x").asText());
        assertEquals("å", event.path("queryStringParameters").path("y").asText());
        assertEquals("a b", event.path("pathParameters").path("id").asText());
        assertEquals(List.of("c1=v1", "c2=v2"), JSON.convertValue(event.path("cookies"), List.class));
        assertEquals("one", event.path("headers").path("x-custom").asText());
        assertTrue(event.path("headers").path("cookie").isMissingNode(), "cookies are not repeated in the headers");
        assertEquals("{\"å\":1}", event.path("body").asText());
        assertFalse(event.path("isBase64Encoded").asBoolean());
        JsonNode context = event.path("requestContext");
        assertEquals("PUT", context.path("http").path("method").asText());
        assertEquals("/echo/a%20b", context.path("http").path("path").asText());
        assertEquals("HTTP/1.1", context.path("http").path("protocol").asText());
        assertEquals("$default", context.path("stage").asText());
        assertEquals("ANY /echo/{id}", context.path("routeKey").asText());
        assertEquals(CloudFormationTemplate.ACCOUNT, context.path("accountId").asText());
        assertEquals("localhost", context.path("domainName").asText());
        assertFalse(context.path("requestId").asText().isEmpty());
        assertTrue(context.path("timeEpoch").asLong() > 0);
        assertTrue(context.path("time").asText().matches("\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000"));

        // The function's answer: headers and cookies reach the client.
        assertEquals("visit-booking-local-EchoFunction", response.headers().firstValue("X-Echo").orElseThrow());
        assertEquals(List.of("session=abc; Path=/; HttpOnly", "theme=dark"), response.headers().allValues("Set-Cookie"));
    }

    @Test
    void routesMatchAsInApiGateway() throws Exception {
        JsonNode greedy = JSON.readTree(send(HttpRequest.newBuilder(api.resolve("/echo/7/a/b/c")).GET()).body());
        assertEquals("GET /echo/{id}/{proxy+}", greedy.path("routeKey").asText());
        assertEquals("a/b/c", greedy.path("pathParameters").path("proxy").asText());
        assertEquals("7", greedy.path("pathParameters").path("id").asText());

        JsonNode fixed = JSON.readTree(send(HttpRequest.newBuilder(api.resolve("/echo/fixed")).GET()).body());
        assertEquals("GET /echo/fixed", fixed.path("routeKey").asText(), "a literal path wins over {id}");
        assertTrue(fixed.path("pathParameters").isMissingNode());
        assertTrue(fixed.path("queryStringParameters").isMissingNode());
        assertTrue(fixed.path("body").isMissingNode());
    }

    @Test
    void binaryBodiesArriveBase64Encoded() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xff, 'x'};
        JsonNode event = JSON.readTree(send(HttpRequest.newBuilder(api.resolve("/echo/bin"))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))).body());
        assertTrue(event.path("isBase64Encoded").asBoolean());
        assertEquals(Base64.getEncoder().encodeToString(bytes), event.path("body").asText());

        JsonNode form = JSON.readTree(send(HttpRequest.newBuilder(api.resolve("/echo/form"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("node=umea&purpose=a+b"))).body());
        assertFalse(form.path("isBase64Encoded").asBoolean());
        assertEquals("node=umea&purpose=a+b", form.path("body").asText());
    }

    @Test
    void corsFollowsTheTemplate() throws Exception {
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Origin", "https://smartcitysweden.com").header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, preflight.statusCode());
        assertEquals("https://smartcitysweden.com", preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertEquals("GET,POST,OPTIONS", preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow());
        assertEquals("content-type,idempotency-key,accept-language",
                preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow());
        assertEquals("600", preflight.headers().firstValue("Access-Control-Max-Age").orElseThrow());

        HttpResponse<String> foreign = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
        assertEquals(204, foreign.statusCode());
        assertTrue(foreign.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> local = send(HttpRequest.newBuilder(api.resolve("/echo/cors"))
                .header("Origin", "http://localhost:3000").GET());
        assertEquals(List.of("http://localhost:3000"), local.headers().allValues("Access-Control-Allow-Origin"),
                "the API's CORS headers replace the function's");
        assertEquals("location,retry-after", local.headers().firstValue("Access-Control-Expose-Headers").orElseThrow());

        HttpResponse<String> evil = send(HttpRequest.newBuilder(api.resolve("/echo/cors"))
                .header("Origin", "https://evil.example").GET());
        assertTrue(evil.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
    }

    @Test
    void staticFilesAreServedFromWebAndNothingOutsideIt() throws Exception {
        HttpResponse<String> index = send(HttpRequest.newBuilder(api.resolve("/")).GET());
        assertEquals(200, index.statusCode());
        assertEquals("text/html; charset=utf-8", index.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(TestTemplate.INDEX_HTML, index.body());

        HttpResponse<String> css = send(HttpRequest.newBuilder(api.resolve("/css/site.css")).GET());
        assertEquals(200, css.statusCode());
        assertEquals("text/css; charset=utf-8", css.headers().firstValue("Content-Type").orElseThrow());

        for (String path : List.of("/../secret.txt", "/%2e%2e/secret.txt", "/css/..%2f..%2fsecret.txt",
                "/css/%2e%2e/%2e%2e/secret.txt", "/..%5csecret.txt", "/missing.html")) {
            String answer = rawGet(api.getPort(), path);
            assertFalse(answer.contains(TestTemplate.SECRET), path + " leaked a file outside web/");
            assertTrue(answer.startsWith("HTTP/1.1 404") || answer.startsWith("HTTP/1.1 400"), path + ": " + answer);
        }
    }

    @Test
    void aFunctionErrorIsA500OverTheHttpApi() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(api.resolve("/fail"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(500, response.statusCode());
        assertEquals("{\"message\":\"Internal Server Error\"}", response.body());
    }

    @Test
    void invokeApiRunsTheSubmitFunctionWithARealShapedEvent() throws Exception {
        byte[] event = Files.readAllBytes(eventFile());
        for (String name : List.of("SubmitBookingFunction", "visit-booking-local-SubmitBookingFunction",
                "arn:aws:lambda:eu-north-1:123456789012:function:visit-booking-local-SubmitBookingFunction",
                "SubmitBookingFunction:live")) {
            HttpResponse<String> response = invoke(name, event, Map.of());
            assertEquals(200, response.statusCode(), name + ": " + response.body());
            assertEquals("$LATEST", response.headers().firstValue("X-Amz-Executed-Version").orElseThrow());
            assertTrue(response.headers().firstValue("X-Amz-Function-Error").isEmpty(), response.body());
            JsonNode result = JSON.readTree(response.body());
            assertEquals(201, result.path("statusCode").asInt(), response.body());
            assertTrue(result.path("headers").has("Location"));
        }
    }

    @Test
    void invokeApiRefusesUnknownFunctions() throws Exception {
        for (String name : List.of("NoSuchFunction", "SubmitBookingFunction:nope",
                "arn:aws:lambda:eu-north-1:123456789012:function:NoSuchFunction")) {
            HttpResponse<String> response = invoke(name, "{}".getBytes(StandardCharsets.UTF_8), Map.of());
            assertEquals(404, response.statusCode(), name);
            assertEquals("ResourceNotFoundException", response.headers().firstValue("x-amzn-ErrorType").orElseThrow());
            JsonNode body = JSON.readTree(response.body());
            assertEquals("User", body.path("Type").asText());
            assertTrue(body.path("message").asText().startsWith("Function not found: arn:aws:lambda:eu-north-1:"),
                    body.toString());
        }
    }

    @Test
    void aHandlerExceptionIsAnUnhandledFunctionError() throws Exception {
        HttpResponse<String> response = invoke("FailingFunction", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("X-Amz-Log-Type", "Tail"));
        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElseThrow());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("boom", error.path("errorMessage").asText());
        assertEquals("java.lang.IllegalStateException", error.path("errorType").asText());
        assertTrue(error.path("stackTrace").get(0).asText()
                .startsWith("se.smartcitysweden.booking.localruntime.testfunctions.FailingHandler.handleRequest(FailingHandler.java:"),
                error.toString());
        assertEquals("java.lang.IllegalArgumentException", error.path("cause").path("errorType").asText());
        String log = new String(Base64.getDecoder().decode(
                response.headers().firstValue("X-Amz-Log-Result").orElseThrow()), StandardCharsets.UTF_8);
        assertTrue(log.contains("START RequestId:") && log.contains("REPORT RequestId:"), log);
    }

    @Test
    void aPayloadThatDoesNotFitTheInputTypeIsAFunctionError() throws Exception {
        HttpResponse<String> response = invoke("EnvironmentFunction", "[1,2]".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElseThrow());
        assertEquals("An error occurred during JSON parsing", JSON.readTree(response.body()).path("errorMessage").asText());

        HttpResponse<String> notJson = invoke("EnvironmentFunction", "{oops".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(400, notJson.statusCode());
        assertEquals("InvalidRequestContentException", notJson.headers().firstValue("x-amzn-ErrorType").orElseThrow());
    }

    @Test
    void aFunctionGetsTheTemplatesEnvironmentAndAContext() throws Exception {
        HttpResponse<String> response = invoke("EnvironmentFunction",
                "{\"numbers\":[1,2,3]}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode result = JSON.readTree(response.body());
        assertEquals(6, result.path("sum").asInt());
        JsonNode environment = result.path("environment");
        assertEquals(TABLE, environment.path("TABLE_NAME").asText(), "Globals' variable, resolved");
        assertEquals("hej from eu-north-1", environment.path("GREETING").asText(), "the function's own, resolved");
        assertEquals("visit-booking-local-EnvironmentFunction", environment.path("AWS_LAMBDA_FUNCTION_NAME").asText());
        assertEquals(moto.endpoint().toString(), environment.path("AWS_ENDPOINT_URL").asText());
        assertEquals("visit-booking-local-EnvironmentFunction", result.path("functionName").asText());
        assertEquals("arn:aws:lambda:eu-north-1:123456789012:function:visit-booking-local-EnvironmentFunction",
                result.path("arn").asText());
        int remaining = result.path("remainingMillis").asInt();
        assertTrue(remaining > 15_000 && remaining <= 20_000, "Globals' Timeout is 20 s: " + remaining);
    }

    @Test
    void aFunctionThatRunsPastItsTimeoutIsStopped() throws Exception {
        long started = System.nanoTime();
        HttpResponse<String> response = invoke("SlowFunction", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElseThrow());
        JsonNode error = JSON.readTree(response.body());
        assertEquals("Sandbox.Timedout", error.path("errorType").asText());
        assertTrue(error.path("errorMessage").asText().endsWith("Task timed out after 1.00 seconds"), error.toString());
        // Every call is a cold start (a timed-out instance is thrown away): allow for it, not for the 10 s sleep.
        assertTrue(millis < 7_000, "answered after the 1 s timeout, not the handler's 10 s: " + millis + " ms");
    }

    @Test
    void asynchronousAndDryRunInvocations() throws Exception {
        assertEquals(202, invoke("EnvironmentFunction", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("X-Amz-Invocation-Type", "Event")).statusCode());
        assertEquals(204, invoke("EnvironmentFunction", "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("X-Amz-Invocation-Type", "DryRun")).statusCode());
    }

    @Test
    void theAwsCliInvokesThroughTheInvokeApi(@TempDir Path out) throws Exception {
        assumeTrue(onPath("aws"), "the aws CLI is not installed");
        Process version = new ProcessBuilder("aws", "--version").redirectErrorStream(true).start();
        boolean v2 = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).startsWith("aws-cli/2");
        version.waitFor();
        Path result = out.resolve("out.json");
        List<String> command = new java.util.ArrayList<>(List.of("aws", "lambda", "invoke", "--endpoint-url",
                lambda.toString(), "--function-name", "SubmitBookingFunction",
                "--payload", "file://" + eventFile().toAbsolutePath()));
        if (v2) command.addAll(List.of("--cli-binary-format", "raw-in-base64-out"));
        command.add(result.toString());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("AWS_"));
        builder.environment().putAll(Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "AWS_DEFAULT_REGION", "eu-north-1", "AWS_PAGER", ""));
        Process cli = builder.start();
        String cliOutput = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(cli.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, cli.exitValue(), cliOutput);
        JsonNode summary = JSON.readTree(cliOutput);
        assertEquals(200, summary.path("StatusCode").asInt());
        assertNull(summary.get("FunctionError"));
        assertEquals(201, JSON.readTree(result.toFile()).path("statusCode").asInt());
    }

    @Test
    void everyFunctionIsBuiltOnFirstUseWithAColdStartLine() throws Exception {
        invoke("EnvironmentFunction", "{}".getBytes(StandardCharsets.UTF_8), Map.of());
        assertTrue(runtime.output().matches("(?s).*EnvironmentFunction: cold start, new instance of "
                + "\\S+EnvironmentHandler built in \\d+ ms.*"), runtime.output());
        assertNotNull(runtime.output());
    }

    private static HttpResponse<String> invoke(String name, byte[] payload, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(lambda.resolve("/2015-03-31/functions/"
                        + java.net.URLEncoder.encode(name, StandardCharsets.UTF_8) + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload));
        headers.forEach(request::header);
        return send(request);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A GET sent byte for byte, so that no client tidies the path first. */
    private static String rawGet(int port, String path) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path eventFile() {
        return CloudFormationTemplate.locate().getParent().resolve("events/apigw/submit-booking-valid.json");
    }

    /** A booking the submit function accepts: dates a month from today (Europe/Stockholm). */
    static String validBooking() {
        LocalDate from = LocalDate.now(ZoneId.of("Europe/Stockholm")).plusDays(30);
        return """
                {"node":"malmo","language":"sv","mainGoal":"learning","purpose":"Studiebesök om fjärrvärme",
                 "focusAreas":["energy","climate"],"meetCompanies":true,"companyTypes":"Energibolag",
                 "preferredDates":[{"from":"%s","to":"%s"}],"expectedParticipants":4,
                 "participants":[{"name":"Åsa Öberg","organisation":"Oslo kommune","email":"asa@example.org","country":"NO"}],
                 "contact":{"name":"Åsa Öberg","email":"asa@example.org","phone":"+47 22 33 44 55","country":"NO"},
                 "acceptsCosts":true,"consent":true}
                """.formatted(from, from.plusDays(4));
    }

    private static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (new File(dir, command).canExecute()) return true;
        }
        return false;
    }
}
