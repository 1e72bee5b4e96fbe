package se.smartcitysweden.booking.submit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.Renderer;
import se.smartcitysweden.booking.web.Words;

/**
 * The pages a browser gets when the form is posted without JavaScript: the confirmation with the reference, the
 * problems, a failure, or the uncertain outcome with its one form to send again; on the one renderer and layout.
 * Only a form post loads this class (and with it the template engine): a script's JSON answer renders nothing, so
 * the common path's cold start does not pay for it. Measured (BENCHMARKS.md, "One web layer"): the jar 8.50 →
 * 8.60 MB, the JSON path four classes more and no template class, its ratio to the floor within noise; worth one
 * renderer, one layout and no hand-written escaping.
 */
final class SubmitPages {
    private static final Renderer RENDERER = new Renderer("/se/smartcitysweden/booking/submit/", "site.css");
    /** The pages' style sheet, whose hash the Content-Security-Policy names. */
    static final String CSS = RENDERER.styleSheet();
    private static final Map<Language, Words> WORDS = new EnumMap<>(Language.class);
    private static final Pattern LIST_ITEM = Pattern.compile("(participants|preferredDates)\\[(\\d+)](?:\\.(\\w+))?");
    private static final Pattern NESTED = Pattern.compile("(contact|organiser)\\.(\\w+)");

    static {
        for (Language language : Language.values()) WORDS.put(language, new Words("se.smartcitysweden.booking.submit.Pages", language));
    }

    private SubmitPages() { }

    static HttpAnswer accepted(int status, Language language, String reference, Node node) {
        Words w = WORDS.get(language);
        Map<String, Object> view = w.page(w.get("accepted.title"));
        view.put("reference", w.format("accepted.reference", reference));
        view.put("next", w.format("accepted.next", node.city()));
        return RENDERER.page(status, "accepted", view);
    }

    static HttpAnswer invalid(int status, Language language, List<FieldError> errors, String formPage) {
        Words w = WORDS.get(language);
        List<Map<String, Object>> shown = new ArrayList<>();
        for (FieldError error : errors) shown.add(Map.of("label", label(w, error.field()), "message", error.message()));
        return RENDERER.page(status, "invalid", back(w.page(w.get("invalid.title")), formPage, "errors", shown));
    }

    static HttpAnswer failed(int status, Language language, String message, String formPage) {
        Words w = WORDS.get(language);
        return RENDERER.page(status, "failed", back(w.page(w.get("error.title")), formPage, "message", message));
    }

    /**
     * The answer when the write's outcome is unknown: the request may have been stored. Its one form sends the same
     * fields with the same key again, so the next answer tells which it was.
     */
    static HttpAnswer uncertain(int status, Language language, String message, List<Map.Entry<String, String>> fields,
                                String key, String formPage) {
        Words w = WORDS.get(language);
        List<Map<String, Object>> hidden = new ArrayList<>();
        for (Map.Entry<String, String> field : fields) hidden.add(Map.of("name", field.getKey(), "value", field.getValue()));
        hidden.add(Map.of("name", SubmitBookingHttp.IDEMPOTENCY_FIELD, "value", key));
        Map<String, Object> view = back(w.page(w.get("uncertain.title")), formPage, "message", message);
        view.put("fields", hidden);
        return RENDERER.page(status, "uncertain", view);
    }

    /**
     * The way back to the form without JavaScript: the browser's Back button keeps what was typed (the page says
     * so); the page the form was posted from (its Referer, when it is a web address) is linked too.
     */
    private static Map<String, Object> back(Map<String, Object> view, String formPage, String name, Object value) {
        view.put(name, value);
        if (formPage != null && formPage.matches("https?://[^\\s\"<>]{1,2000}")) view.put("back", formPage);
        return view;
    }

    /** A field path in words: {@code participants[2].email} is "Participant #3 – e-mail". */
    static String label(Words w, String field) {
        Matcher item = LIST_ITEM.matcher(field);
        if (item.matches()) {
            String base = w.format(item.group(1).equals("participants") ? "field.participant" : "field.dateRange",
                    Integer.parseInt(item.group(2)) + 1);
            return item.group(3) == null ? base : base + " – " + optional(w, "field." + item.group(3), item.group(3));
        }
        Matcher nested = NESTED.matcher(field);
        if (nested.matches()) {
            return w.get("field." + nested.group(1)) + " – " + optional(w, "field." + nested.group(2), nested.group(2));
        }
        String top = field.replaceAll("\\[\\d+]$", "");
        return top.isEmpty() ? "" : optional(w, "field." + top, field);
    }

    private static String optional(Words w, String key, String otherwise) {
        return w.has(key) ? w.get(key) : otherwise;
    }
}
