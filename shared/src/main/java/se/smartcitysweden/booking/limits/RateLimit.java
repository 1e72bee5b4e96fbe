package se.smartcitysweden.booking.limits;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import se.smartcitysweden.booking.port.LimitCounter;

/**
 * At most {@code limit} occurrences per subject (an address, a source IP) and fixed window. The
 * counter's key is {@code <kind>#<sha256 of kind and subject>#<window number>}: never the subject
 * itself. Subjects are compared case-insensitively and trimmed.
 */
public record RateLimit(String kind, int limit, Duration window) {
    /**
     * The highest limit: a counter keeps the hash of each occurrence it counted (so that a replay
     * counts once), 64 characters each, and an item holds at most 400 KB.
     */
    public static final int MAX_LIMIT = 1000;

    public RateLimit {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        if (window.isNegative() || window.isZero()) throw new IllegalArgumentException("window must be positive");
    }

    /** What a check found: within the limit, or over it until {@code retryAfter} has passed. */
    public record Decision(boolean allowed, Duration retryAfter) {
        /** Whole seconds until the window ends, at least one (for a Retry-After header). */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    /**
     * Counts {@code occurrence} for {@code subject} now: one conditional write. The same
     * occurrence counted twice in a window counts once (a replay gets the first answer).
     */
    public Decision check(LimitCounter counter, String subject, String occurrence, Instant now) {
        long number = Math.floorDiv(now.getEpochSecond(), window.toSeconds());
        Instant windowEnd = Instant.ofEpochSecond((number + 1) * window.toSeconds());
        boolean allowed = counter.count(key(subject, number), hash(occurrence), limit, windowEnd);
        return new Decision(allowed, allowed ? Duration.ZERO : Duration.between(now, windowEnd));
    }

    /** The counter's key in window {@code number}: the subject only as a hash. */
    String key(String subject, long number) {
        return kind + "#" + hash(kind + ":" + subject.strip().toLowerCase(Locale.ROOT)) + "#" + number;
    }

    static String hash(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
