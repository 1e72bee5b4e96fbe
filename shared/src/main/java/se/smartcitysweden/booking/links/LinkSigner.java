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
 * A token is {@code base64url(purpose|bookingId|node|expiresEpochSecond[|by]) "." base64url(HMAC-SHA256)}:
 * bound to one purpose, one booking and its node, and an expiry (and, for a link the console makes for
 * the signed-in person, to that person); checked in constant time.
 */
public final class LinkSigner {
    /**
     * MANAGE: the coordinator's page; FEEDBACK: the visitor's feedback; VISITOR: the visitor's own page;
     * IMPACT: the visitor's impact survey, 6 and 12 months after the visit.
     */
    public enum Purpose { MANAGE, FEEDBACK, VISITOR, IMPACT }

    /**
     * What a valid token says. {@code by} is who the link was made for, when it was made for one
     * person: the console's keyed hash of their address (ConsoleSessions.who), so the history can
     * name who acts through it without an address in the URL; empty for the links e-mails carry.
     */
    public record Claims(Purpose purpose, String bookingId, Node node, Instant expiresAt, String by) {
        public Claims {
            by = by == null ? "" : by;
            if (!by.isEmpty() && !BY.matcher(by).matches()) throw new IllegalArgumentException("not a person's keyed hash");
        }

        public Claims(Purpose purpose, String bookingId, Node node, Instant expiresAt) {
            this(purpose, bookingId, node, expiresAt, "");
        }
    }

    private static final java.util.regex.Pattern BY = java.util.regex.Pattern.compile("[0-9a-f]{32}");

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
                + claims.expiresAt().getEpochSecond() + (claims.by().isEmpty() ? "" : "|" + claims.by());
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
        // A fifth part names the person the link was made for (tokens without it stay valid).
        if (parts.length != 4 && !(parts.length == 5 && BY.matcher(parts[4]).matches())) return Optional.empty();
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
        return Optional.of(new Claims(purpose, bookingId, node.get(), expiresAt, parts.length == 5 ? parts[4] : ""));
    }

    /**
     * A key for another purpose, derived from the link secret by its label (HMAC of the label): the
     * console's session key is one, so a function holding only the signer can check the console's
     * keyed hashes without a second read of the secret.
     */
    public byte[] derive(String label) {
        return mac(label.getBytes(StandardCharsets.UTF_8));
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
