package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import se.smartcitysweden.booking.aws.SecretsManagerSigningKey;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Sample events that need a link token the stack itself would have signed: the manage page's
 * sample pointed at a stored booking, with a token made from the stack's own secret, as an
 * e-mail's link carries it (for the runtime-client tests and benchmarks).
 */
public final class SignedSamples {
    private SignedSamples() { }

    /** The link-signing secret the stack generated (Secrets Manager). */
    public static byte[] linkSecret(LocalAwsClients clients, String secretName) {
        try (SecretsManagerClient secrets = clients.secretsManager()) {
            return SecretsManagerSigningKey.read(secrets, secretName);
        }
    }

    /** {@code GET /bookings/{id}/manage?token=…} for that booking, from the sample's shape. */
    public static JsonNode managePage(JsonNode sample, byte[] secret, String bookingId, Node node) {
        String token = new LinkSigner(secret).sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, bookingId, node,
                Instant.now().plus(Duration.ofDays(30))));
        ObjectNode event = sample.deepCopy();
        String path = "/bookings/" + bookingId + "/manage";
        event.put("rawPath", path);
        event.put("rawQueryString", "token=" + token);
        ((ObjectNode) event.path("requestContext").path("http")).put("path", path);
        event.putObject("pathParameters").put("id", bookingId);
        event.putObject("queryStringParameters").put("token", token);
        return event;
    }
}
