package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import se.smartcitysweden.booking.aws.SecretsManagerSigningKey;
import se.smartcitysweden.booking.console.ConsoleSessions;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.ContainerCredentialsEndpoint;
import se.smartcitysweden.booking.localaws.LambdaJavaProcess;
import se.smartcitysweden.booking.localaws.LambdaRuntimeApiStub;
import se.smartcitysweden.booking.localaws.LambdaRuntimeApiStub.Result;
import se.smartcitysweden.booking.localaws.LocalAws;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
import se.smartcitysweden.booking.localaws.SampleEvents;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Every function of {@code template.yaml}, as its deployment jar started under Lambda's own Java
 * runtime client (the real {@code AWSLambda} main, talking to a Runtime API stub), with the
 * credentials a SnapStart function gets: a container credentials endpoint and no key variables.
 * Each handles a representative sample event against the local AWS (moto), and its effect is
 * checked there. Data-driven from the template: a function added later without a scenario here
 * fails this test until it gets one.
 */
class LambdaRuntimeCredentialsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalAws AWS = LocalAws.shared();
    private static final String TABLE = AWS.physicalName("BookingTable");
    /** Process start to answer, generous for a machine shared by several builds. */
    private static final Duration INVOCATION_TIMEOUT = Duration.ofSeconds(45);
    /** The key variables a SnapStart function never gets. */
    private static final List<String> KEY_VARIABLES =
            List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE");
    /** The runtime client's jar and its own dependencies (its POM), found on this JVM's class path. */
    private static final List<String> RUNTIME_CLIENT_ARTIFACTS = List.of("aws-lambda-java-runtime-interface-client-",
            "aws-lambda-java-core-", "aws-lambda-java-serialization-", "utils-lite-");

    /** The sample stream event's booking (events/dynamodb/new-booking.json), stored before the run. */
    private static final DynamodbEvent NEW_BOOKING = SampleEvents.dynamodb("new-booking.json");
    private static final String SAMPLE_ID = NEW_BOOKING.getRecords().get(0).getDynamodb().getNewImage().get("id").getS();
    private static final String SAMPLE_REFERENCE =
            NEW_BOOKING.getRecords().get(0).getDynamodb().getNewImage().get("reference").getS();

    /** What a function is fed (sample events under events/, adapted where they need live values) and what must follow. */
    private record Scenario(List<String> events, UnaryOperator<JsonNode> adapt, Consumer<List<JsonNode>> check) { }

    /** One scenario per function of the template, by logical id. */
    private static final Map<String, Scenario> SCENARIOS = Map.of(
            "SubmitBookingFunction", new Scenario(List.of("apigw/submit-booking-valid.json"), event -> event,
                    LambdaRuntimeCredentialsIT::bookingStored),
            "NotifyCoordinatorFunction", new Scenario(List.of("dynamodb/new-booking.json"), event -> event,
                    LambdaRuntimeCredentialsIT::newBookingMailed),
            "ManageBookingFunction", new Scenario(List.of("apigw/manage-page.json"),
                    LambdaRuntimeCredentialsIT::withValidManageToken, LambdaRuntimeCredentialsIT::managePageShown),
            "FollowUpFunction", new Scenario(List.of("scheduler/follow-up-morning.json", "scheduler/follow-up-urgent.json"),
                    event -> event, LambdaRuntimeCredentialsIT::followUpRunsReported),
            // SES bounces and complaints from EventBridge; only a clean answer is checked here.
            "MailEventsFunction", new Scenario(List.of("eventbridge/ses-bounce.json"), event -> event, answers -> { }),
            // The console's sign-in page, then its form posted with a coordinator's address: the link goes out by SES.
            "ConsoleFunction", new Scenario(List.of("apigw/console-sign-in-page.json", "apigw/console-sign-in-request.json"),
                    LambdaRuntimeCredentialsIT::withValidConsoleFormToken, LambdaRuntimeCredentialsIT::signInLinkMailed),
            // The same stream sample: the booking's overview row lands in its node's month.
            "OverviewRowsFunction", new Scenario(List.of("dynamodb/new-booking.json"), event -> event,
                    LambdaRuntimeCredentialsIT::overviewRowRecorded));

    /** What one function's process did. */
    private record Run(String logicalId, List<JsonNode> answers, List<Result> results, Result initError,
                       long initMillis, List<Long> answerMillis, int credentialsServed, int credentialsRefused,
                       String output) { }

    @Test
    void everyFunction_startedUnderLambdasRuntimeClientWithOnlyContainerCredentials_handlesItsSampleEvent()
            throws Exception {
        AWS.reset();
        storeSampleBooking();
        CloudFormationTemplate template = AWS.template();
        List<String> functions = template.resourcesOfType(FunctionRegistry.FUNCTION_TYPE);
        List<String> withoutScenario = functions.stream().filter(id -> !SCENARIOS.containsKey(id)).toList();
        assertEquals(List.of(), withoutScenario, "functions of template.yaml without a representative event: add "
                + "them to LambdaRuntimeCredentialsIT.SCENARIOS (a sample under events/ and the effect to check)");

        ExecutorService pool = Executors.newFixedThreadPool(functions.size());
        try (FunctionRegistry registry = registry(template)) {
            Map<String, Future<Run>> runs = new LinkedHashMap<>();
            // In parallel: the JVMs' start-up is most of the wall time.
            for (String id : functions) {
                runs.put(id, pool.submit(() -> run(template, registry.get(id), SCENARIOS.get(id), true)));
            }
            List<Executable> checks = new ArrayList<>();
            for (String id : functions) {
                checks.add(() -> {
                    Run run;
                    try {
                        run = runs.get(id).get(2 * INVOCATION_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        throw e.getCause();
                    }
                    System.out.printf(Locale.ROOT, "%s under the runtime client: init %d ms (start to first next), "
                                    + "first answer %d ms after process start%s; credentials served %d%n", id,
                            run.initMillis(), run.answerMillis().get(0),
                            run.answerMillis().size() > 1 ? ", next answers in " + run.answerMillis().subList(1,
                                    run.answerMillis().size()) + " ms" : "", run.credentialsServed());
                    withOutput(run, () -> {
                        for (Result result : run.results()) {
                            assertFalse(result.isError(), id + " answered an error: " + result.text());
                        }
                        assertTrue(run.credentialsServed() >= 1, id + " never fetched the container credentials");
                        assertEquals(0, run.credentialsRefused(), id + " called the credentials endpoint without its token");
                        SCENARIOS.get(id).check().accept(run.answers());
                    });
                });
            }
            assertAll("every function under Lambda's runtime client with container credentials", checks);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void givenNeitherKeyVariablesNorAContainerEndpoint_whenAFunctionStarts_thenItStartsAndAnswers503() throws Throwable {
        AWS.reset();
        storeSampleBooking();
        CloudFormationTemplate template = AWS.template();
        try (FunctionRegistry registry = registry(template)) {
            Run run = run(template, registry.get("ManageBookingFunction"), SCENARIOS.get("ManageBookingFunction"), false);
            System.out.println("ManageBookingFunction without credentials: " + run.results().get(0).errorType() + " "
                    + run.results().get(0).text());
            withOutput(run, () -> {
                // It cannot read the link-signing secret while it starts, and starts anyway (a SnapStart
                // publish must not fail on a secret it can read later); the request is answered 503,
                // nothing done, and the log says why.
                assertNull(run.initError(), "a start-up that cannot read the secret must not fail: " + run.initError());
                assertTrue(run.results().get(0).text().contains("\"statusCode\":503"), "answered: " + run.results().get(0).text());
                assertTrue(run.output().contains("link_secret.deferred"), "the deferred read is logged");
            });
        }
    }

    @Test
    void theCredentialsEndpoint_refusesAMissingOrWrongToken_andServesTheRightOne() throws IOException {
        try (ContainerCredentialsEndpoint endpoint = ContainerCredentialsEndpoint.start()) {
            assertEquals(401, status(endpoint, null));
            assertEquals(401, status(endpoint, endpoint.token() + "x"));
            assertEquals(200, status(endpoint, endpoint.token()));
            assertEquals(1, endpoint.requestsServed());
            assertEquals(2, endpoint.requestsRefused());
        }
    }

    @Test
    void theRuntimeApiStub_handsOutEventsOneAtATime_andCollectsAnswersErrorsAndInitErrors() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (LambdaRuntimeApiStub stub = LambdaRuntimeApiStub.start("arn:aws:lambda:eu-north-1:123456789012:function:f",
                Duration.ofSeconds(20))) {
            String base = "http://" + stub.address() + "/2018-06-01/runtime/";
            CompletableFuture<HttpResponse<String>> waiting = http.sendAsync(HttpRequest.newBuilder(URI.create(base
                    + "invocation/next")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);
            assertFalse(waiting.isDone(), "next must block while no event is queued");
            CompletableFuture<Result> first = stub.enqueue("{\"n\":1}".getBytes(StandardCharsets.UTF_8));
            CompletableFuture<Result> second = stub.enqueue("{\"n\":2}".getBytes(StandardCharsets.UTF_8));

            HttpResponse<String> next = waiting.get(5, TimeUnit.SECONDS);
            assertEquals("{\"n\":1}", next.body());
            String id = next.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
            assertTrue(deadline > System.currentTimeMillis() + 15_000, "deadline " + deadline);
            assertEquals("arn:aws:lambda:eu-north-1:123456789012:function:f",
                    next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn").orElseThrow());
            assertTrue(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow().startsWith("Root=1-"));
            assertEquals(202, post(http, base + "invocation/" + id + "/error", "{\"errorMessage\":\"boom\"}",
                    "Unhandled").statusCode());
            Result failed = first.get(5, TimeUnit.SECONDS);
            assertEquals(id, failed.requestId());
            assertEquals("Unhandled", failed.errorType());
            assertEquals("{\"errorMessage\":\"boom\"}", failed.text());
            assertEquals(400, post(http, base + "invocation/" + id + "/response", "{}", null).statusCode(),
                    "an answer counts once");

            HttpResponse<String> next2 = http.send(HttpRequest.newBuilder(URI.create(base + "invocation/next")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String id2 = next2.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
            assertEquals(202, post(http, base + "invocation/" + id2 + "/response", "{\"ok\":true}", null).statusCode());
            Result answer = second.get(5, TimeUnit.SECONDS);
            assertFalse(answer.isError());
            assertEquals("{\"ok\":true}", answer.text());

            assertEquals(202, post(http, base + "init/error", "{\"errorMessage\":\"no\"}", "Runtime.BadFunctionCode")
                    .statusCode());
            Result afterInitError = stub.enqueue(new byte[] {'{', '}'}).get(5, TimeUnit.SECONDS);
            assertEquals("Runtime.BadFunctionCode", afterInitError.errorType());
            assertTrue(stub.initError().isPresent());
        }
    }

    private static HttpResponse<String> post(HttpClient http, String uri, String body, String errorType) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(uri)).POST(HttpRequest.BodyPublishers.ofString(body));
        if (errorType != null) request.header("Lambda-Runtime-Function-Error-Type", errorType);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Starts the function's jar under the runtime client, with the container credentials endpoint
     * (or with no credentials at all), feeds its scenario's events one after the other, and stops it.
     */
    /**
     * The jar `sam build` puts in the function's artifact: the Makefile's build-<LogicalId> target
     * copies functions/<module>/target/<module>-lambda.jar, with the module named in the Makefile.
     */
    private static Path deploymentJar(String logicalId) throws java.io.IOException {
        Path root = CloudFormationTemplate.locate().getParent();
        java.util.regex.Matcher module = java.util.regex.Pattern
                .compile("(?m)^FUNCTION_MODULE_" + logicalId + "\\s*=\\s*(\\S+)\\s*$")
                .matcher(Files.readString(root.resolve("Makefile")));
        if (!module.find()) throw new IllegalStateException("the Makefile has no build target module for " + logicalId);
        return root.resolve("functions").resolve(module.group(1)).resolve("target").resolve(module.group(1) + "-lambda.jar");
    }

    private static Run run(CloudFormationTemplate template, LocalFunction function, Scenario scenario,
                           boolean containerCredentials) throws Exception {
        LocalFunction.Definition definition = function.definition();
        Path jar = deploymentJar(function.logicalId());
        Path log = Files.createTempFile("lambda-" + function.logicalId() + "-", ".log");
        try (ContainerCredentialsEndpoint credentials = ContainerCredentialsEndpoint.start(AWS.credentialsOf(function.logicalId()));
             LambdaRuntimeApiStub runtimeApi = LambdaRuntimeApiStub.start(definition.arn(),
                     Duration.ofSeconds(definition.timeoutSeconds()))) {
            Map<String, String> environment = new LinkedHashMap<>(definition.environment());
            // SnapStart gives no key variables (the local runtime's on-demand functions get their role's).
            KEY_VARIABLES.forEach(environment::remove);
            environment.put("AWS_LAMBDA_RUNTIME_API", runtimeApi.address());
            environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "snap-start");
            if (containerCredentials) environment.putAll(credentials.environment());
            for (String variable : KEY_VARIABLES) {
                assertFalse(environment.containsKey(variable), variable + " must not reach the function");
            }
            List<byte[]> events = new ArrayList<>();
            for (String event : scenario.events()) events.add(JSON.writeValueAsBytes(scenario.adapt().apply(sample(event))));

            LambdaJavaProcess process = LambdaJavaProcess.start(jar, runtimeClientClassPath(), definition.handler(),
                    definition.memoryMb(), environment, log);
            List<Result> results = new ArrayList<>();
            List<JsonNode> answers = new ArrayList<>();
            List<Long> millis = new ArrayList<>();
            try {
                long from = process.startedNanos();
                for (byte[] event : events) {
                    Result result = await(runtimeApi.enqueue(event), process, function.logicalId());
                    millis.add((System.nanoTime() - from) / 1_000_000);
                    from = System.nanoTime();
                    results.add(result);
                    if (result.isError()) break;
                    answers.add(JSON.readTree(result.payload()));
                }
            } finally {
                process.close();
            }
            long init = runtimeApi.firstNextNanos().map(at -> (at - process.startedNanos()) / 1_000_000).orElse(-1L);
            return new Run(function.logicalId(), answers, results, runtimeApi.initError().orElse(null), init, millis,
                    credentials.requestsServed(),
                    credentials.requestsRefused(), process.output());
        }
    }

    /** The answer, or a failure with the process's output when it died or did not answer in time. */
    private static Result await(CompletableFuture<Result> answer, LambdaJavaProcess process, String logicalId)
            throws Exception {
        long deadline = System.nanoTime() + INVOCATION_TIMEOUT.toNanos();
        while (!answer.isDone()) {
            if (!process.isAlive()) {
                Thread.sleep(200); // an init error is reported just before the process exits
                if (answer.isDone()) break;
                fail(logicalId + " exited with status " + process.exitValue() + " without answering:\n" + process.output());
            }
            if (System.nanoTime() > deadline) {
                fail(logicalId + " did not answer within " + INVOCATION_TIMEOUT + ":\n" + process.output());
            }
            Thread.sleep(20);
        }
        return answer.get();
    }

    private static FunctionRegistry registry(CloudFormationTemplate template) {
        // Only the endpoint of the local AWS is passed on; credentials are added per process, or not.
        return FunctionRegistry.fromTemplate(template, Map.of("AWS_ENDPOINT_URL", AWS.moto().endpoint().toString()),
                LambdaRuntimeCredentialsIT.class.getClassLoader(), System.out);
    }

    private static List<Path> runtimeClientClassPath() {
        List<Path> jars = new ArrayList<>();
        for (String artifact : RUNTIME_CLIENT_ARTIFACTS) {
            Path jar = java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .map(Path::of).filter(p -> p.getFileName().toString().startsWith(artifact)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(artifact + "*.jar is not on the test class path: "
                            + "local-runtime/pom.xml must have aws-lambda-java-runtime-interface-client as a test dependency"));
            jars.add(jar);
        }
        return jars;
    }

    private static JsonNode sample(String name) throws IOException {
        Path file = SampleEvents.folder().resolve(name);
        if (!Files.isRegularFile(file)) fail("no sample event events/" + name);
        return JSON.readTree(file.toFile());
    }

    /** Stores the booking of the sample stream event, as the submit function would have. */
    private static void storeSampleBooking() {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        NEW_BOOKING.getRecords().get(0).getDynamodb().getNewImage().forEach((name, value) -> item.put(name,
                value.getS() != null ? AttributeValue.fromS(value.getS()) : AttributeValue.fromN(value.getN())));
        try (DynamoDbClient dynamoDb = AWS.clients().dynamoDb()) {
            dynamoDb.putItem(request -> request.tableName(TABLE).item(item));
        }
    }

    /** The manage page sample, pointed at the stored sample booking with a token signed by the stack's secret. */
    private static JsonNode withValidManageToken(JsonNode sample) {
        return SignedSamples.managePage(sample, SignedSamples.linkSecret(AWS.clients(), AWS.physicalName("LinkSigningSecret")),
                SAMPLE_ID, Node.UMEA);
    }

    /** The sign-in form's anti-forgery token, made with the stack's secret for the sample's pre-session cookie. */
    private static JsonNode withValidConsoleFormToken(JsonNode sample) {
        if (!sample.has("body")) return sample;
        byte[] secret;
        try (SecretsManagerClient secrets = AWS.clients().secretsManager()) {
            secret = SecretsManagerSigningKey.read(secrets, AWS.physicalName("LinkSigningSecret"));
        }
        String pre = sample.path("cookies").get(0).asText().split("=", 2)[1];
        ObjectNode event = sample.deepCopy();
        event.put("body", sample.path("body").asText().replace("token-signed-with-the-stack-secret",
                new ConsoleSessions(secret).csrf(pre)));
        return event;
    }

    private static void signInLinkMailed(List<JsonNode> answers) {
        assertEquals(200, answers.get(0).path("statusCode").asInt(), answers.get(0).toString());
        assertTrue(answers.get(0).path("body").asText().contains("name=\"csrf\""), "no form on the sign-in page");
        assertEquals(303, answers.get(1).path("statusCode").asInt(), answers.get(1).toString());
        assertTrue(mails().stream().anyMatch(m -> sentTo(m, "umea@example.org") && m.text().contains("/console/sign-in/")),
                "no sign-in link mailed to the coordinator");
    }

    private static void bookingStored(List<JsonNode> answers) {
        JsonNode answer = answers.get(0);
        assertEquals(201, answer.path("statusCode").asInt(), answer.toString());
        JsonNode body = parse(answer.path("body").asText());
        assertEquals("submitted", body.path("status").asText(), body.toString());
        Map<String, AttributeValue> item = booking(body.path("id").asText());
        assertFalse(item.isEmpty(), "the booking was not stored");
        assertEquals(body.path("reference").asText(), item.get("reference").s());
    }

    private static void newBookingMailed(List<JsonNode> answers) {
        assertEquals("[]", answers.get(0).path("batchItemFailures").toString(), answers.get(0).toString());
        assertEquals("sent", booking(SAMPLE_ID).get("notification").s());
        List<SentMail> aboutIt = mails().stream().filter(m -> m.subject().contains(SAMPLE_REFERENCE)).toList();
        assertTrue(aboutIt.stream().anyMatch(m -> sentTo(m, "umea@example.org")), "no mail to the coordinators");
        assertTrue(aboutIt.stream().anyMatch(m -> sentTo(m, "ana.souza@example.org")), "no mail to the visitor");
    }

    private static void overviewRowRecorded(List<JsonNode> answers) {
        assertEquals("[]", answers.get(0).path("batchItemFailures").toString(), answers.get(0).toString());
        Map<String, AttributeValue> item = booking(SAMPLE_ID);
        String month = java.time.YearMonth.from(java.time.Instant.parse(item.get("createdAt").s())
                .atZone(se.smartcitysweden.booking.domain.Booking.SWEDISH_TIME)).toString();
        try (DynamoDbClient dynamoDb = AWS.clients().dynamoDb()) {
            Map<String, AttributeValue> rows = dynamoDb.getItem(request -> request.tableName(AWS.physicalName("OverviewTable")).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("OVERVIEW#" + item.get("node").s() + "#" + month)))).item();
            assertTrue(rows.containsKey("r_" + SAMPLE_ID), "no overview row: " + rows);
        }
    }

    private static void managePageShown(List<JsonNode> answers) {
        JsonNode answer = answers.get(0);
        assertEquals(200, answer.path("statusCode").asInt(), answer.path("body").asText());
        String contentType = "";
        for (var header = answer.path("headers").fields(); header.hasNext(); ) {
            var entry = header.next();
            if (entry.getKey().equalsIgnoreCase("content-type")) contentType = entry.getValue().asText();
        }
        assertTrue(contentType.startsWith("text/html"), "content type " + contentType);
        assertTrue(answer.path("body").asText().contains(SAMPLE_REFERENCE), "the page does not show the booking");
    }

    private static void followUpRunsReported(List<JsonNode> answers) {
        JsonNode morning = answers.get(0);
        assertEquals("done", morning.path("status").asText(), morning.toString());
        assertEquals("all", morning.path("scope").asText());
        assertTrue(morning.path("workingDay").asBoolean(), morning.toString());
        assertEquals(0, morning.path("tasksFailed").asInt());
        // A Monday morning: the national office's weekly digest, with its CSV.
        assertTrue(morning.path("digestSent").asBoolean(), morning.toString());
        assertTrue(mails().stream().anyMatch(m -> sentTo(m, "national-office@example.org")
                && m.attachments().stream().anyMatch(a -> a.fileName().endsWith(".csv"))), "no digest sent");
        JsonNode urgent = answers.get(1);
        assertEquals("done", urgent.path("status").asText(), urgent.toString());
        assertEquals("urgent", urgent.path("scope").asText());
        assertFalse(urgent.path("digestSent").asBoolean());
    }

    private static Map<String, AttributeValue> booking(String id) {
        try (DynamoDbClient dynamoDb = AWS.clients().dynamoDb()) {
            return dynamoDb.getItem(request -> request.tableName(TABLE).consistentRead(true)
                    .key(Map.of("pk", AttributeValue.fromS("BOOKING#" + id)))).item();
        }
    }

    /** Whether the mail went to the address (the To header may carry a name with it). */
    private static boolean sentTo(SentMail mail, String address) {
        return mail.to().stream().anyMatch(to -> to.equals(address) || to.endsWith("<" + address + ">"));
    }

    private static List<SentMail> mails() {
        return new LocalMailbox(AWS.moto().endpoint()).messages();
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    private static int status(ContainerCredentialsEndpoint endpoint, String token) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint.uri().toURL().openConnection();
        if (token != null) connection.setRequestProperty("Authorization", token);
        int status = connection.getResponseCode();
        connection.disconnect();
        return status;
    }

    /** Runs the checks; when one fails, its message carries what the function printed. */
    private static void withOutput(Run run, Executable checks) throws Throwable {
        try {
            checks.execute();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n--- output of " + run.logicalId() + " ---\n" + run.output(), e);
        }
    }
}
