package se.smartcitysweden.booking.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * The headers of every answer the functions give a browser or a script, in one place so that no
 * page can forget them: no caching (answers can hold a link's token or a visitor's reference), no
 * referrer, no framing, no sniffing, and a Content-Security-Policy that allows no script, no
 * foreign resource, only the page's own inline style sheet (by its hash) and forms that post back
 * to this site.
 */
public final class HtmlHeaders {
    private HtmlHeaders() { }

    /** The headers of an HTML page whose one inline {@code <style>} holds {@code styleSheet}. */
    public static Map<String, String> page(String styleSheet) {
        return common("text/html; charset=utf-8", contentSecurityPolicy(styleSheet));
    }

    /** The headers of a JSON answer: nothing in it may ever run or load anything. */
    public static Map<String, String> json() {
        return common("application/json; charset=utf-8", "default-src 'none'; frame-ancestors 'none'");
    }

    /** The headers of a download (a calendar file): the same rules, nothing in it may run or load anything. */
    public static Map<String, String> file(String contentType) {
        return common(contentType, "default-src 'none'; frame-ancestors 'none'");
    }

    public static String contentSecurityPolicy(String styleSheet) {
        return "default-src 'none'; style-src '" + sha256(styleSheet) + "'; img-src 'self' data:; "
                + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    /** A new, changeable map: callers add Location, Retry-After, Allow. */
    private static Map<String, String> common(String contentType, String policy) {
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", contentType);
        headers.put("Cache-Control", "no-store");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Content-Security-Policy", policy);
        return headers;
    }

    private static String sha256(String text) {
        try {
            return "sha256-" + Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
