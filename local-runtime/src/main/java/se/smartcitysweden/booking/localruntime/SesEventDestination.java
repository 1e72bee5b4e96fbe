package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.web.Form;

/**
 * What SES does with a configuration set's event destination, which moto does not: the local SES
 * keeps no tags, so the functions' sends go through a proxy ({@code LocalRuntime.main}) whose
 * requests this class reads (message id, configuration set, tags, sender). A bounce or complaint of
 * one of those messages, asked for at {@code POST /_local/ses-events} (the local mailbox's buttons),
 * becomes the event SES would put on EventBridge's default bus, and goes to every
 * {@code EventBridgeRule} event of the template whose pattern matches it.
 *
 * <p>{@code message} (the SES message id), {@code type} ({@code bounce}, {@code complaint} or {@code delivery}) and
 * {@code recipient} (one of the message's recipients) come as a form or query; the answer is
 * {@code 202} with the event and the functions it went to, or a redirect back to the mailbox for a browser.
 */
final class SesEventDestination implements HttpHandler {
    static final String PATH = "/_local/ses-events";

    /** A message as SES accepted it through the proxy. */
    record Sent(String messageId, String from, String configurationSet, Map<String, List<String>> tags,
                List<String> recipients, Instant at) { }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final List<EventBridgeRuleSource> rules;
    private final String region;
    private final java.time.Clock clock;

    SesEventDestination(List<EventBridgeRuleSource> rules, String region) {
        this(rules, region, java.time.Clock.systemUTC());
    }

    /** {@code clock}: the local runtime's simulated time, which the sends and the events are stamped with. */
    SesEventDestination(List<EventBridgeRuleSource> rules, String region, java.time.Clock clock) {
        this.rules = List.copyOf(rules);
        this.region = region;
        this.clock = clock;
    }

    /** Reads an SES v2 SendEmail that SES accepted (a {@link FaultInjectingProxy} observer). */
    void record(FaultInjectingProxy.Forwarded request) {
        if (!request.path().startsWith("/v2/email/outbound-emails") || request.status() != 200) return;
        try {
            JsonNode sentRequest = Json.parse(request.requestBody());
            String messageId = Json.parse(request.responseBody()).path("MessageId").asText("");
            if (messageId.isEmpty()) return;
            Map<String, List<String>> tags = new LinkedHashMap<>();
            for (JsonNode tag : sentRequest.path("EmailTags")) {
                tags.computeIfAbsent(tag.path("Name").asText(), name -> new ArrayList<>()).add(tag.path("Value").asText());
            }
            List<String> recipients = new ArrayList<>();
            for (String field : List.of("ToAddresses", "CcAddresses", "BccAddresses")) {
                sentRequest.path("Destination").path(field).forEach(address -> recipients.add(address.asText()));
            }
            sent.put(messageId, new Sent(messageId, sentRequest.path("FromEmailAddress").asText(""),
                    sentRequest.path("ConfigurationSetName").asText(""), tags, recipients, clock.instant()));
        } catch (IOException notJson) {
            // not a SendEmail this class can read: no event for it
        }
    }

    /** The message SES accepted with this id, if it went through the proxy. */
    java.util.Optional<Sent> sent(String messageId) {
        return java.util.Optional.ofNullable(sent.get(messageId));
    }

    boolean hasRules() { return !rules.isEmpty(); }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!HttpExchanges.method(exchange).equals("POST")) {
                exchange.getResponseHeaders().set("Allow", "POST");
                HttpExchanges.sendJson(exchange, 405, Json.message("POST a message id, a type and a recipient"));
                return;
            }
            Map<String, String> form = form(exchange);
            Sent message = sent.get(form.getOrDefault("message", ""));
            String type = form.getOrDefault("type", "");
            if (message == null) {
                HttpExchanges.sendJson(exchange, 404, Json.message("no message with that id went through this runtime's SES"));
                return;
            }
            if (!type.equals("bounce") && !type.equals("complaint") && !type.equals("delivery")) {
                HttpExchanges.sendJson(exchange, 400, Json.message("type must be bounce, complaint or delivery"));
                return;
            }
            String recipient = form.getOrDefault("recipient", message.recipients().isEmpty() ? "" : message.recipients().get(0));
            if (!message.recipients().contains(recipient)) {
                HttpExchanges.sendJson(exchange, 400, Json.message("recipient must be one of the message's recipients"));
                return;
            }
            ObjectNode event = event(message, type, recipient, clock.instant());
            ArrayNode deliveredTo = Json.MAPPER.createArrayNode();
            for (EventBridgeRuleSource rule : EventBridgeRuleSource.matching(rules, event)) {
                rule.deliver(event);
                deliveredTo.add(rule.function().logicalId());
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            if (accept != null && accept.contains("text/html")) {
                exchange.getResponseHeaders().set("Location", MailboxPages.PATH + "?event=" + type + "&to=" + deliveredTo.size());
                exchange.sendResponseHeaders(303, -1);
                return;
            }
            ObjectNode answer = Json.MAPPER.createObjectNode();
            answer.set("deliveredTo", deliveredTo);
            answer.set("event", event);
            HttpExchanges.sendJson(exchange, 202, Json.bytes(answer));
        }
    }

    /** The event SES puts on EventBridge for a bounce (permanent), complaint or delivery of {@code message}. */
    ObjectNode event(Sent message, String type, String recipient, Instant at) {
        boolean bounce = type.equals("bounce");
        boolean delivery = type.equals("delivery");
        ObjectNode event = Json.MAPPER.createObjectNode().put("version", "0").put("id", UUID.randomUUID().toString())
                .put("detail-type", bounce ? "Email Bounced" : delivery ? "Email Delivered" : "Email Complaint Received").put("source", "aws.ses")
                .put("account", CloudFormationTemplate.ACCOUNT).put("time", at.toString()).put("region", region);
        event.putArray("resources").add("arn:aws:ses:" + region + ":" + CloudFormationTemplate.ACCOUNT
                + ":configuration-set/" + message.configurationSet());
        ObjectNode detail = event.putObject("detail").put("eventType", bounce ? "Bounce" : delivery ? "Delivery" : "Complaint");
        String feedbackId = UUID.randomUUID().toString();
        if (delivery) {
            // Every recipient's server took it, as SES reports a delivery.
            ObjectNode part = detail.putObject("delivery").put("timestamp", at.toString()).put("processingTimeMillis", 100)
                    .put("smtpResponse", "250 2.0.0 OK (local)").put("reportingMTA", "local-ses");
            ArrayNode recipients = part.putArray("recipients");
            message.recipients().forEach(recipients::add);
        } else if (bounce) {
            ObjectNode part = detail.putObject("bounce").put("feedbackId", feedbackId).put("bounceType", "Permanent")
                    .put("bounceSubType", "General").put("timestamp", at.toString()).put("reportingMTA", "dns; local-ses");
            part.putArray("bouncedRecipients").addObject().put("emailAddress", recipient).put("action", "failed")
                    .put("status", "5.1.1").put("diagnosticCode", "smtp; 550 5.1.1 user unknown (local)");
        } else {
            ObjectNode part = detail.putObject("complaint").put("feedbackId", feedbackId).put("timestamp", at.toString())
                    .put("complaintFeedbackType", "abuse");
            part.putArray("complainedRecipients").addObject().put("emailAddress", recipient);
        }
        ObjectNode mail = detail.putObject("mail").put("timestamp", message.at().toString()).put("source", message.from())
                .put("sendingAccountId", CloudFormationTemplate.ACCOUNT).put("messageId", message.messageId())
                .put("headersTruncated", false);
        ArrayNode destination = mail.putArray("destination");
        message.recipients().forEach(destination::add);
        ObjectNode tags = mail.putObject("tags");
        if (!message.configurationSet().isEmpty()) tags.putArray("ses:configuration-set").add(message.configurationSet());
        tags.putArray("ses:from-domain").add(message.from().substring(message.from().indexOf('@') + 1));
        message.tags().forEach((name, values) -> {
            ArrayNode list = tags.putArray(name);
            values.forEach(list::add);
        });
        return event;
    }

    /** The query's fields, then the body's (the first value of each). */
    private static Map<String, String> form(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String query = exchange.getRequestURI().getRawQuery();
        return Form.parse((query == null ? "" : query) + "&" + body).values();
    }
}
