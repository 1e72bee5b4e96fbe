package se.smartcitysweden.booking.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * A request to book a visit, as the transport delivered it: the body as a JSON tree (form posts
 * are turned into the same tree), the client's Idempotency-Key, a hash of the raw body, and the
 * source it came from (API Gateway's {@code requestContext.http.sourceIp}; empty for a direct invoke).
 */
public record SubmitBookingCommand(JsonNode body, Optional<String> idempotencyKey, String bodyHash, Optional<String> source) {

    /** Without a known source (a direct invoke, the tests): no source limit applies. */
    public SubmitBookingCommand(JsonNode body, Optional<String> idempotencyKey, String bodyHash) {
        this(body, idempotencyKey, bodyHash, Optional.empty());
    }
}
