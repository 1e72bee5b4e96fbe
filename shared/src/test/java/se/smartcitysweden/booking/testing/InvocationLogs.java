package se.smartcitysweden.booking.testing;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.observability.LogContext;

/**
 * Drives a handler as Lambda does, with a request id and a trace header of its own, and checks
 * that every line the invocation wrote carries them (and the booking's id where one is expected).
 */
public final class InvocationLogs {
    public static final String TRACE_ID = "1-67a1b2c3-0123456789abcdef01234567";
    public static final String TRACE_HEADER = "Root=" + TRACE_ID + ";Parent=53995c3f42cd8ad8;Sampled=1";

    private InvocationLogs() { }

    /** A fresh request id, as Lambda gives each invocation. */
    public static String requestId() {
        return UUID.randomUUID().toString();
    }

    /** A Lambda context with this request id (the rest as Lambda would give it; no logger calls expected). */
    public static Context context(String requestId) {
        return new TestContext(requestId);
    }

    /** Runs an invocation with the trace header set as Lambda's Java runtime sets it (a system property). */
    public static <T> StandardOutput.Captured<T> invoke(java.util.concurrent.Callable<T> invocation) throws Exception {
        String before = System.getProperty(LogContext.TRACE_HEADER_PROPERTY);
        System.setProperty(LogContext.TRACE_HEADER_PROPERTY, TRACE_HEADER);
        try {
            return StandardOutput.capture(invocation);
        } finally {
            if (before == null) System.clearProperty(LogContext.TRACE_HEADER_PROPERTY);
            else System.setProperty(LogContext.TRACE_HEADER_PROPERTY, before);
        }
    }

    /**
     * Every line written is a JSON line (log or EMF) that carries the request id and the trace id;
     * there is at least one; none carries an id of another invocation.
     */
    public static List<JsonNode> assertEveryLineCarries(StandardOutput output, String requestId) {
        List<String> lines = output.lines().stream().filter(line -> !line.isBlank()).toList();
        assertFalse(lines.isEmpty(), "the invocation wrote no line");
        for (String line : lines) {
            JsonNode json;
            try {
                json = Json.parse(line);
            } catch (RuntimeException notJson) {
                throw new AssertionError("not a JSON line: " + line, notJson);
            }
            assertEquals(requestId, json.path("requestId").asText(null), line);
            assertEquals(TRACE_ID, json.path("traceId").asText(null), line);
        }
        return output.json();
    }

    /** The lines of this event carry this booking id. */
    public static void assertEventCarriesBooking(StandardOutput output, String event, String bookingId) {
        List<JsonNode> lines = output.events(event);
        assertFalse(lines.isEmpty(), "no " + event + " line in " + output.lines());
        for (JsonNode line : lines) assertEquals(bookingId, line.path("bookingId").asText(null), line.toString());
    }

    private record TestContext(String requestId) implements Context {
        @Override public String getAwsRequestId() { return requestId; }
        @Override public String getLogGroupName() { return "/aws/lambda/test"; }
        @Override public String getLogStreamName() { return "test"; }
        @Override public String getFunctionName() { return "test"; }
        @Override public String getFunctionVersion() { return "$LATEST"; }
        @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:eu-north-1:000000000000:function:test"; }
        @Override public CognitoIdentity getIdentity() { return null; }
        @Override public ClientContext getClientContext() { return null; }
        @Override public int getRemainingTimeInMillis() { return 30_000; }
        @Override public int getMemoryLimitInMB() { return 1024; }
        @Override public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override public void log(String message) { System.out.println(message); }
                @Override public void log(byte[] message) { System.out.println(new String(message, StandardCharsets.UTF_8)); }
            };
        }
    }
}
