package se.smartcitysweden.booking.http;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.validation.TextRules;

/** Small pieces of HTTP shared by the functions' API handlers. */
public final class HttpBodies {
    private HttpBodies() { }

    public enum MediaType { JSON, FORM, OTHER }

    /**
     * The request body's bytes as the client sent them (API Gateway base64-encodes binary bodies);
     * empty when the body is flagged base64 but is not, or is text that UTF-8 cannot encode.
     */
    public static Optional<byte[]> bytes(String body, boolean base64Encoded) {
        if (body == null) return Optional.of(new byte[0]);
        if (base64Encoded) {
            try {
                return Optional.of(Base64.getMimeDecoder().decode(body));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        // A string with a lone surrogate has no UTF-8 form (getBytes would silently write '?').
        return TextRules.hasLoneSurrogate(body) ? Optional.empty()
                : Optional.of(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Strict UTF-8 decoding: malformed bytes are refused rather than replaced. */
    public static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    public static MediaType mediaType(String contentType) {
        if (contentType == null) return MediaType.OTHER;
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        String charset = charsetOf(contentType);
        if (charset != null && !charset.equals("utf-8")) return MediaType.OTHER;
        return switch (type) {
            case "application/json" -> MediaType.JSON;
            case "application/x-www-form-urlencoded" -> MediaType.FORM;
            default -> MediaType.OTHER;
        };
    }

    private static String charsetOf(String contentType) {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")) {
                return pair[1].strip().replace("\"", "").toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    /** Swedish when the client's first choice is Swedish; for answers given before the body is read. */
    public static Language languageOf(String acceptLanguage) {
        return acceptLanguage != null && acceptLanguage.strip().toLowerCase(Locale.ROOT).startsWith("sv")
                ? Language.SV : Language.EN;
    }

    /** True when the client (a browser posting a plain form) prefers an HTML page to JSON. */
    public static boolean prefersHtml(String accept) {
        if (accept == null) return false;
        int html = accept.indexOf("text/html");
        int json = accept.indexOf("application/json");
        return html >= 0 && (json < 0 || html < json);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
