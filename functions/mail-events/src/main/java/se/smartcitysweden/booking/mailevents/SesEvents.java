package se.smartcitysweden.booking.mailevents;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.delivery.MailDeliveryProblem;
import se.smartcitysweden.booking.notification.MailDelivery;

/**
 * Reads an SES event as EventBridge delivers it ("Email Bounced", "Email Complaint Received", "Email Delivered";
 * SES developer guide, "Event publishing", contents of event data) into a {@link MailDeliveryProblem}.
 * The booking comes from the tags the e-mail was sent with ({@code bookingId}).
 */
final class SesEvents {

    private SesEvents() { }

    /** The problem the event reports, or why it is not a valid SES bounce or complaint event. */
    record Parsed(MailDeliveryProblem problem, String error) { }

    static Parsed parse(JsonNode event) {
        if (!"aws.ses".equals(event.path("source").asText())) return error("source is not aws.ses");
        JsonNode detail = event.path("detail");
        JsonNode mail = detail.path("mail");
        String messageId = mail.path("messageId").asText("");
        if (!messageId.matches("[A-Za-z0-9._-]{1,200}")) return error("detail.mail.messageId is missing or malformed");
        Optional<String> bookingId = Optional.of(mail.path("tags").path(MailDelivery.BOOKING_TAG).path(0).asText(""))
                .filter(id -> id.matches("[A-Za-z0-9_-]{1,100}"));
        String type = detail.path("eventType").asText(detail.path("notificationType").asText(""));
        MailDeliveryProblem.Kind kind;
        JsonNode recipients;
        JsonNode part;
        switch (type) {
            case "Bounce" -> {
                part = detail.path("bounce");
                String bounceType = part.path("bounceType").asText("");
                if (!List.of("Permanent", "Transient", "Undetermined").contains(bounceType)) return error("detail.bounce.bounceType is unknown");
                // Undetermined: SES could not tell; treated as permanent, the visitor is reached another way.
                kind = bounceType.equals("Transient") ? MailDeliveryProblem.Kind.TRANSIENT_BOUNCE : MailDeliveryProblem.Kind.PERMANENT_BOUNCE;
                recipients = part.path("bouncedRecipients");
            }
            case "Complaint" -> {
                part = detail.path("complaint");
                kind = MailDeliveryProblem.Kind.COMPLAINT;
                recipients = part.path("complainedRecipients");
            }
            case "Delivery" -> {
                // Its recipients are plain strings; the timeline shows the mail delivered.
                part = detail.path("delivery");
                kind = MailDeliveryProblem.Kind.DELIVERED;
                recipients = part.path("recipients");
            }
            default -> {
                return error("detail.eventType is neither Bounce, Complaint nor Delivery");
            }
        }
        List<String> addresses = new ArrayList<>();
        recipients.forEach(r -> {
            String address = r.isTextual() ? r.asText() : r.path("emailAddress").asText("");
            if (!address.isBlank()) addresses.add(address);
        });
        if (addresses.isEmpty()) return error("the event names no recipient");
        Instant at;
        try {
            at = Instant.parse(part.path("timestamp").asText(event.path("time").asText("")));
        } catch (DateTimeParseException e) {
            return error("the event has no valid timestamp");
        }
        return new Parsed(new MailDeliveryProblem(kind, messageId, bookingId, addresses, at), null);
    }

    private static Parsed error(String why) {
        return new Parsed(null, why);
    }
}
