package se.smartcitysweden.booking.links;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import se.smartcitysweden.booking.domain.Node;

/**
 * Signs and checks the tokens in e-mail links, so coordinators and visitors act without a login.
 * A token is {@code base64url(purpose|bookingId|node|expiresEpochSecond) "." base64url(HMAC-SHA256)}:
 * bound to one purpose, one booking and its node, and an expiry; checked in constant time.
 */
public final class LinkSigner {
    /**
     * MANAGE: the coordinator's page; FEEDBACK: the visitor's feedback; VISITOR: the visitor's own page;
     * IMPACT: the visitor's impact survey, 6 and 12 months after the visit.
     */
    public enum Purpose { MANAGE, FEEDBACK, VISITOR, IMPACT }

    /** What a valid token says. */
    public record Claims(Purpose purpose, String bookingId, Node node, Instant expiresAt) { }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private final java.util.function.Supplier<byte[]> secretSource;
    private volatile SecretKeySpec key;

    public LinkSigner(byte[] secret) {
        this.secretSource = null;
        this.key = keyOf(secret);
    }

    private LinkSigner(java.util.function.Supplier<byte[]> secretSource) {
        this.secretSource = secretSource;
    }

    /**
     * A signer whose secret is read when it is first needed (and again on the next use if that
     * read fails): a function whose secret cannot be read at start-up still starts, and only the
     * requests that need a link wait for the secret.
     */
    public static LinkSigner readingSecretOnFirstUse(java.util.function.Supplier<byte[]> secretSource) {
        return new LinkSigner(secretSource);
    }

    private static SecretKeySpec keyOf(byte[] secret) {
        if (secret.length < 32) throw new IllegalArgumentException("the signing secret must have at least 32 bytes");
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) key = keyOf(secretSource.get());
                current = key;
            }
        }
        return current;
    }

    public String sign(Claims claims) {
        String payload = claims.purpose().name() + "|" + claims.bookingId() + "|" + claims.node().id() + "|"
                + claims.expiresAt().getEpochSecond();
        byte[] payloadBytes = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(payloadBytes) + "." + ENCODER.encodeToString(mac(payloadBytes));
    }

    /** The claims of a token that is genuine, unexpired, for this purpose and this booking; else empty. */
    public Optional<Claims> verify(String token, Purpose purpose, String bookingId, Instant now) {
        if (token == null || token.length() > 512) return Optional.empty();
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) return Optional.empty();
        byte[] payload;
        byte[] signature;
        try {
            payload = DECODER.decode(token.substring(0, dot));
            signature = DECODER.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) return Optional.empty();
        String[] parts = new String(payload, StandardCharsets.UTF_8).split("\\|", -1);
        if (parts.length != 4) return Optional.empty();
        Optional<Node> node = Node.fromId(parts[2]);
        Instant expiresAt;
        try {
            expiresAt = Instant.ofEpochSecond(Long.parseLong(parts[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!parts[0].equals(purpose.name()) || !parts[1].equals(bookingId) || node.isEmpty()
                || !now.isBefore(expiresAt)) {
            return Optional.empty();
        }
        return Optional.of(new Claims(purpose, bookingId, node.get(), expiresAt));
    }

    private byte[] mac(byte[] payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
