package se.smartcitysweden.booking.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.validation.TextRules;

/**
 * One request as the pages see it, built once from API Gateway's event (in {@code ..aws.lambda}): method, path,
 * lower-cased headers, query, cookies and the body's bytes. What a page asks of it (the form, the JSON, HTML or
 * JSON, the language) is read here and nowhere else, and the form is decoded once.
 */
public final class HttpRequest {
    public enum MediaType { JSON, FORM, OTHER }

    /** Why a body cannot be read, in the order they are checked. */
    public enum BodyProblem {
        UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"), TOO_LARGE(413, "too_large"),
        INVALID_ENCODING(400, "invalid_encoding");

        public final int status;
        public final String code;

        BodyProblem(int status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    private final String method;
    private final String path;
    private final Map<String, String> headers = new HashMap<>();
    private final Map<String, String> query;
    private final Map<String, String> cookies = new HashMap<>();
    private final Map<String, String> pathParameters;
    private final String host;
    private final String sourceIp;
    /** Empty when the body is flagged base64 but is not, or is text that UTF-8 cannot encode. */
    private final Optional<byte[]> body;
    private Form form;

    /**
     * @param cookies as API Gateway passes them ({@code name=value}, perhaps several joined by ';')
     * @param body as API Gateway passes it: text, or base64 for a binary body
     */
    public HttpRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
                       List<String> cookies, String host, String sourceIp, String body, boolean base64Encoded) {
        this.method = method == null ? "" : method.toUpperCase(Locale.ROOT);
        this.path = path == null ? "" : path;
        if (headers != null) headers.forEach((name, value) -> this.headers.put(name.toLowerCase(Locale.ROOT), value));
        this.query = query == null ? Map.of() : Map.copyOf(query);
        for (String cookie : cookies == null ? List.<String>of() : cookies) {
            for (String part : cookie.split(";")) {
                int equals = part.indexOf('=');
                if (equals > 0) this.cookies.putIfAbsent(part.substring(0, equals).strip(), part.substring(equals + 1).strip());
            }
        }
        this.pathParameters = Map.of();
        this.host = host == null ? "" : host;
        this.sourceIp = sourceIp == null ? "" : sourceIp;
        this.body = bytes(body, base64Encoded);
    }

    private HttpRequest(HttpRequest request, Map<String, String> pathParameters) {
        this.method = request.method;
        this.path = request.path;
        this.headers.putAll(request.headers);
        this.query = request.query;
        this.cookies.putAll(request.cookies);
        this.pathParameters = Map.copyOf(pathParameters);
        this.host = request.host;
        this.sourceIp = request.sourceIp;
        this.body = request.body;
    }

    /** The same request with the parts of its path that its route names ({@code {id}}). */
    HttpRequest withPathParameters(Map<String, String> parameters) {
        return new HttpRequest(this, parameters);
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    /** A header by its name in any case; null when absent. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** A query parameter; null when absent. */
    public String query(String name) {
        return query.get(name);
    }

    public String cookie(String name) {
        return cookies.get(name);
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    /** Where the request came from, as API Gateway saw it; empty for one without (a direct invoke). */
    public Optional<String> sourceIp() {
        return Optional.of(sourceIp).filter(ip -> !ip.isBlank());
    }

    /** Where the e-mails' links point: the configured address, else the host the request came to. */
    public String siteUrl(String configured) {
        String address = configured == null ? "" : configured.strip();
        if (!address.isEmpty()) return address;
        return host.isBlank() ? "" : "https://" + host;
    }

    public MediaType mediaType() {
        String contentType = header("content-type");
        if (contentType == null) return MediaType.OTHER;
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.strip().split("=", 2);
            if (pair.length == 2 && pair[0].strip().equalsIgnoreCase("charset")
                    && !pair[1].strip().replace("\"", "").equalsIgnoreCase("utf-8")) {
                return MediaType.OTHER;
            }
        }
        return switch (contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT)) {
            case "application/json" -> MediaType.JSON;
            case "application/x-www-form-urlencoded" -> MediaType.FORM;
            default -> MediaType.OTHER;
        };
    }

    /** Why the body cannot be read (JSON or a form, at most {@code maxBytes}, UTF-8), if it cannot. */
    public Optional<BodyProblem> bodyProblem(int maxBytes) {
        if (mediaType() == MediaType.OTHER) return Optional.of(BodyProblem.UNSUPPORTED_MEDIA_TYPE);
        if (body.isEmpty()) return Optional.of(BodyProblem.INVALID_ENCODING);
        if (body.get().length > maxBytes) return Optional.of(BodyProblem.TOO_LARGE);
        if (utf8(body.get()).isEmpty()) return Optional.of(BodyProblem.INVALID_ENCODING);
        return Optional.empty();
    }

    /** The body's bytes as the client sent them (none when they cannot be told: see {@link #bodyProblem}). */
    public byte[] bytes() {
        return body.orElse(new byte[0]);
    }

    /** The posted form, decoded once. */
    public Form form() {
        if (form == null) form = Form.parse(utf8(bytes()).orElse(""));
        return form;
    }

    /** The body as JSON; empty when it is not (malformed, too deep, duplicate keys). */
    public Optional<JsonNode> json() {
        try {
            return Optional.of(Json.parse(bytes()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The body as the API takes it: the JSON sent, or the tree a form stands for; empty when the JSON is malformed. */
    public Optional<JsonNode> tree() {
        return mediaType() == MediaType.FORM ? Optional.of(form().tree()) : json();
    }

    /** What was typed into a posted form, to show it again with its errors (nothing for JSON). */
    public Map<String, String> typed() {
        return mediaType() == MediaType.FORM ? form().values() : Map.of();
    }

    /** True when the client (a browser posting a plain form) prefers an HTML page to JSON. */
    public boolean prefersHtml() {
        String accept = header("accept");
        if (accept == null) return false;
        int html = accept.indexOf("text/html");
        int json = accept.indexOf("application/json");
        return html >= 0 && (json < 0 || html < json);
    }

    /** A page for a browser, JSON for a script: a GET is a page unless JSON is asked for, a post JSON unless HTML is. */
    public boolean wantsHtml() {
        String accept = header("accept");
        if (!method.equals("GET")) return prefersHtml();
        return accept == null || !accept.contains("application/json") || prefersHtml();
    }

    /** Swedish when the client's first choice is Swedish; for answers given before the booking's own language is known. */
    public Language language() {
        String accept = header("accept-language");
        return accept != null && accept.strip().toLowerCase(Locale.ROOT).startsWith("sv") ? Language.SV : Language.EN;
    }

    /** Strict UTF-8 decoding: malformed bytes are refused rather than replaced. */
    public static Optional<String> utf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static Optional<byte[]> bytes(String body, boolean base64Encoded) {
        if (body == null) return Optional.of(new byte[0]);
        if (base64Encoded) {
            try {
                return Optional.of(Base64.getMimeDecoder().decode(body));
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
        }
        // A string with a lone surrogate has no UTF-8 form (getBytes would silently write '?').
        return TextRules.hasLoneSurrogate(body) ? Optional.empty() : Optional.of(body.getBytes(StandardCharsets.UTF_8));
    }
}
