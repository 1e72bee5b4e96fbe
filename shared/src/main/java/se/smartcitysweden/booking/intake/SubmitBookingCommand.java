package se.smartcitysweden.booking.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A request to book a visit, as the transport delivered it: the body as a JSON tree (form posts
 * are turned into the same tree), the client's Idempotency-Key, and a hash of the raw body.
 */
public record SubmitBookingCommand(JsonNode body, Optional<String> idempotencyKey, String bodyHash) { }
