package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/**
 * A function's {@code EventBridgeRule} event: events put on the bus that match its pattern invoke
 * the function asynchronously, as EventBridge does. Lambda then retries a failed invocation
 * {@code EventInvokeConfig.MaximumRetryAttempts} times (AWS waits about 1 and 2 minutes; here 1 and
 * 2 seconds) and sends an invocation record to the {@code OnFailure} destination. The rule's own
 * RetryPolicy and DeadLetterConfig cover EventBridge's delivery to Lambda, which always succeeds here.
 */
final class EventBridgeRuleSource {
    static final long RETRY_BASE_MILLIS = 1000;

    private final LocalFunction function;
    private final String eventName;
    private final EventPattern pattern;
    private final int maximumRetryAttempts;
    private final String onFailureArn;
    private final LocalQueues queues;
    private final PrintStream console;

    EventBridgeRuleSource(CloudFormationTemplate template, LocalFunction function, String eventName, JsonNode event,
                          LocalQueues queues, PrintStream console) {
        this.function = function;
        this.eventName = eventName;
        this.pattern = EventPattern.parse(resolved(template, event.path("Properties").path("Pattern")).toString());
        JsonNode invokeConfig = template.properties(function.logicalId()).path("EventInvokeConfig");
        this.maximumRetryAttempts = template.integer(invokeConfig.path("MaximumRetryAttempts"), 2);
        JsonNode onFailure = invokeConfig.path("DestinationConfig").path("OnFailure").path("Destination");
        this.onFailureArn = onFailure.isMissingNode() ? null : template.resolve(onFailure);
        this.queues = queues;
        this.console = console;
    }

    String describe() {
        return function.logicalId() + "." + eventName + " " + pattern + " (retries " + maximumRetryAttempts
                + (onFailureArn == null ? "" : ", then " + LocalQueues.queueName(onFailureArn)) + ")";
    }

    LocalFunction function() { return function; }

    boolean matches(JsonNode event) {
        return pattern.matches(event);
    }

    /** Invokes the function with {@code event} in the background (Lambda's asynchronous invocation). */
    void deliver(JsonNode event) {
        Thread thread = new Thread(() -> invokeWithRetries(event), function.logicalId() + "-eventbridge");
        thread.setDaemon(true);
        thread.start();
    }

    private void invokeWithRetries(JsonNode event) {
        byte[] payload = Json.bytes(event);
        InvocationResult result = null;
        for (int attempt = 1; attempt <= maximumRetryAttempts + 1; attempt++) {
            result = function.invoke(payload);
            if (!result.failed()) {
                console.println(function.logicalId() + " <- EventBridge " + eventName + ": attempt " + attempt + " succeeded");
                return;
            }
            console.println(function.logicalId() + " <- EventBridge " + eventName + ": attempt " + attempt + " failed ("
                    + result.errorType() + ")");
            if (attempt <= maximumRetryAttempts) sleep(RETRY_BASE_MILLIS * attempt);
        }
        if (onFailureArn == null) {
            console.println("  dropped (no OnFailure destination)");
            return;
        }
        queues.send(onFailureArn, invocationRecord(event, result), Map.of());
        console.println("  invocation record sent to " + LocalQueues.queueName(onFailureArn));
    }

    /** Lambda's record of an asynchronous invocation that failed for good, as it sends it to a destination. */
    private String invocationRecord(JsonNode event, InvocationResult result) {
        ObjectNode record = Json.MAPPER.createObjectNode().put("version", "1.0").put("timestamp", Instant.now().toString());
        record.putObject("requestContext").put("requestId", result.requestId())
                .put("functionArn", function.definition().arn() + ":$LATEST").put("condition", "RetriesExhausted")
                .put("approximateInvokeCount", maximumRetryAttempts + 1);
        record.set("requestPayload", event);
        record.putObject("responseContext").put("statusCode", 200).put("executedVersion", "$LATEST")
                .put("functionError", result.functionError());
        try {
            record.set("responsePayload", Json.MAPPER.readTree(result.payload()));
        } catch (java.io.IOException notJson) {
            record.put("responsePayload", new String(result.payload(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return record.toString();
    }

    /** The pattern with its intrinsic functions resolved ({@code !Ref MailConfigurationSet} becomes the set's name). */
    static JsonNode resolved(CloudFormationTemplate template, JsonNode node) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            if (node.size() == 1) {
                String only = names.next();
                if (only.equals("Ref") || only.startsWith("Fn::")) return Json.MAPPER.getNodeFactory().textNode(template.resolve(node));
            }
            ObjectNode copy = Json.MAPPER.createObjectNode();
            node.fields().forEachRemaining(field -> copy.set(field.getKey(), resolved(template, field.getValue())));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = Json.MAPPER.createArrayNode();
            node.forEach(element -> copy.add(resolved(template, element)));
            return copy;
        }
        return node;
    }

    static List<EventBridgeRuleSource> matching(List<EventBridgeRuleSource> sources, JsonNode event) {
        List<EventBridgeRuleSource> matched = new ArrayList<>();
        for (EventBridgeRuleSource source : sources) if (source.matches(event)) matched.add(source);
        return matched;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
