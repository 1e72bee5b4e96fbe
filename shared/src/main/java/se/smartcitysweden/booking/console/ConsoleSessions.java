package se.smartcitysweden.booking.console;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Principal;

/**
 * The console's secrets made from the link-signing secret: the session cookie (HMAC-signed:
 * session id, who, nodes, expiry), the anti-forgery token of every form (an HMAC of the session's
 * id, or of the browser's pre-session id before sign-in), the keyed hash that stands for an
 * address in the audit trail, and the one-time sign-in tokens. The key is derived from the link
 * secret for this purpose alone, so no link token can pass as a cookie, nor the other way round.
 */
public final class ConsoleSessions {
    public static final Duration SESSION = Duration.ofHours(8);
    public static final Duration SIGN_IN_LINK = Duration.ofMinutes(15);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder UNB64 = Base64.getUrlDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();
    private final java.util.function.Supplier<byte[]> linkSecret;
    private final se.smartcitysweden.booking.links.LinkSigner signer;
    private volatile SecretKeySpec key;

    /** A signed-in browser: its session id, who, what they see, until when. */
    public record Session(String id, Principal principal, Instant expiresAt) { }

    public ConsoleSessions(byte[] linkSecret) {
        this.linkSecret = null;
        this.signer = null;
        this.key = keyOf(linkSecret);
    }

    /** With the link secret read when first needed (see {@code SecretsManagerSigningKey.secret}). */
    public ConsoleSessions(java.util.function.Supplier<byte[]> linkSecret) {
        this(linkSecret, null);
    }

    /**
     * The same keys from a link signer (which holds the same secret): the manage page checks with it
     * whom a console link was made for ({@link #who}).
     */
    public static ConsoleSessions derivedFrom(se.smartcitysweden.booking.links.LinkSigner signer) {
        return new ConsoleSessions(null, signer);
    }

    private ConsoleSessions(java.util.function.Supplier<byte[]> linkSecret, se.smartcitysweden.booking.links.LinkSigner signer) {
        this.linkSecret = linkSecret;
        this.signer = signer;
    }

    private static final String KEY_LABEL = "console-session-key-v1";

    private static SecretKeySpec keyOf(byte[] linkSecret) {
        if (linkSecret.length < 32) throw new IllegalArgumentException("the signing secret must have at least 32 bytes");
        return new SecretKeySpec(hmac(new SecretKeySpec(linkSecret, "HmacSHA256"), KEY_LABEL), "HmacSHA256");
    }

    private SecretKeySpec key() {
        SecretKeySpec current = key;
        if (current == null) {
            synchronized (this) {
                if (key == null) key = signer != null ? new SecretKeySpec(signer.derive(KEY_LABEL), "HmacSHA256") : keyOf(linkSecret.get());
                current = key;
            }
        }
        return current;
    }

    /** 256 random bits, URL-safe: session ids, pre-session ids, sign-in tokens. */
    public static String randomId() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    /** Where a sign-in token is filed: its SHA-256, so the table never holds a usable token. */
    public static String tokenHash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** What stands for an address in the audit trail and the logs (keyed, so a list of addresses cannot be matched). */
    public String who(String address) {
        return HexFormat.of().formatHex(hmac(key(), "who|" + address.strip().toLowerCase(Locale.ROOT))).substring(0, 32);
    }

    public Session start(Principal principal, Instant now) {
        return new Session(randomId(), principal, now.plus(SESSION));
    }

    public String cookieValue(Session session) {
        Principal p = session.principal();
        String payload = "S1|" + session.id() + "|" + p.who() + "|"
                + p.nodes().stream().map(Node::id).sorted().collect(Collectors.joining(",")) + "|" + (p.national() ? 1 : 0)
                + "|" + session.expiresAt().getEpochSecond();
        return B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + B64.encodeToString(hmac(key(), payload));
    }

    /** The session of a genuine, unexpired cookie value; else empty. Checked in constant time. */
    public Optional<Session> verify(String value, Instant now) {
        if (value == null || value.length() > 1024) return Optional.empty();
        int dot = value.indexOf('.');
        if (dot <= 0 || dot != value.lastIndexOf('.')) return Optional.empty();
        String payload;
        byte[] signature;
        try {
            payload = new String(UNB64.decode(value.substring(0, dot)), StandardCharsets.UTF_8);
            signature = UNB64.decode(value.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(hmac(key(), payload), signature)) return Optional.empty();
        String[] parts = payload.split("\\|", -1);
        if (parts.length != 6 || !parts[0].equals("S1")) return Optional.empty();
        Set<Node> nodes = EnumSet.noneOf(Node.class);
        for (String id : parts[3].split(",")) {
            Optional<Node> node = Node.fromId(id);
            if (node.isEmpty()) return Optional.empty();
            nodes.add(node.get());
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(parts[5]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (!now.isBefore(expires)) return Optional.empty();
        return Optional.of(new Session(parts[1], new Principal(parts[2], nodes, parts[4].equals("1")), expires));
    }

    /** The anti-forgery token of the forms a browser bound to {@code binding} (a session or pre-session id) may post. */
    public String csrf(String binding) {
        return B64.encodeToString(hmac(key(), "csrf|" + binding));
    }

    public boolean csrfMatches(String binding, String given) {
        if (binding == null || binding.isEmpty() || given == null) return false;
        return MessageDigest.isEqual(csrf(binding).getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(SecretKeySpec key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}
