package se.smartcitysweden.booking.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.validation.FieldError;

/**
 * An answer: a page, JSON, a redirect or a download. Each is made here and nowhere else, and each takes its
 * headers from {@link HtmlHeaders}, so no page can forget the security headers; a page may add only Location,
 * Retry-After, Allow and the like, and cookies.
 */
public final class HttpAnswer {
    private final int status;
    private final Map<String, String> headers;
    private final List<String> cookies;
    private final String body;
    private final boolean base64;

    private HttpAnswer(int status, Map<String, String> headers, List<String> cookies, String body, boolean base64) {
        this.status = status;
        this.headers = headers;
        this.cookies = cookies;
        this.body = body;
        this.base64 = base64;
    }

    /** An HTML page whose one inline style sheet is {@code styleSheet} (the Content-Security-Policy names its hash). */
    public static HttpAnswer page(int status, String html, String styleSheet) {
        return new HttpAnswer(status, HtmlHeaders.page(styleSheet), List.of(), html, false);
    }

    public static HttpAnswer json(int status, JsonNode body) {
        return new HttpAnswer(status, HtmlHeaders.json(), List.of(), Json.write(body), false);
    }

    /** The API's error answer: {@code {"errors":[{"field","code","message"}]}}. */
    public static HttpAnswer errors(int status, List<FieldError> errors) {
        return json(status, errorList(errors));
    }

    public static ObjectNode errorList(List<FieldError> errors) {
        ObjectNode json = Json.object();
        ArrayNode list = json.putArray("errors");
        errors.forEach(e -> list.addObject().put("field", e.field()).put("code", e.code()).put("message", e.message()));
        return json;
    }

    /** 303 See Other, with a page's headers: after a form post, so that reloading the page shown repeats nothing. */
    public static HttpAnswer seeOther(String location, String styleSheet) {
        return page(303, "", styleSheet).withHeader("Location", location);
    }

    /** A file to save ({@code Content-Disposition: attachment}): nothing in it may run or load anything. */
    public static HttpAnswer download(String contentType, String fileName, String text) {
        return new HttpAnswer(200, HtmlHeaders.file(contentType), List.of(), text, false).withHeader("Content-Disposition",
                "attachment; filename=\"" + fileName + "\"");
    }

    public static HttpAnswer download(String contentType, String fileName, byte[] content) {
        HttpAnswer text = download(contentType, fileName, Base64.getEncoder().encodeToString(content));
        return new HttpAnswer(200, text.headers, List.of(), text.body, true);
    }

    public HttpAnswer withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new HttpAnswer(status, more, cookies, body, base64);
    }

    /** The answer with a {@code Set-Cookie}. */
    public HttpAnswer withCookie(String cookie) {
        List<String> more = new ArrayList<>(cookies);
        more.add(cookie);
        return new HttpAnswer(status, headers, List.copyOf(more), body, base64);
    }

    public int status() {
        return status;
    }

    /** The headers (a copy the caller may change). */
    public Map<String, String> headers() {
        return new HashMap<>(headers);
    }

    public List<String> cookies() {
        return cookies;
    }

    public String body() {
        return body;
    }

    /** True when the body is base64 (a binary download). */
    public boolean base64() {
        return base64;
    }
}
