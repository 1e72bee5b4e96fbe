package se.smartcitysweden.booking.submit;

import java.text.MessageFormat;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.validation.FieldError;

/**
 * The pages a browser gets when the form is posted without JavaScript: a confirmation with the
 * reference, or the list of problems. Everything that came from the request is HTML-escaped.
 */
final class HtmlAnswers {
    private static final Pattern LIST_ITEM = Pattern.compile("(participants|preferredDates)\\[(\\d+)](?:\\.(\\w+))?");
    private static final Pattern NESTED = Pattern.compile("(contact|organiser)\\.(\\w+)");

    /** The pages' one style sheet; the Content-Security-Policy allows it by its hash (see HtmlHeaders). */
    static final String CSS = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
            + "line-height:1.5;color:#1a1a1a}h1{font-size:1.6rem}.reference{font-size:1.2rem;font-weight:600}"
            + "a{color:#00558c}";

    private HtmlAnswers() { }

    static String accepted(Language language, String reference, Node node) {
        ResourceBundle pages = pages(language);
        return page(language, text(pages, "accepted.title"),
                "<p class=\"reference\">" + escape(format(pages, "accepted.reference", reference)) + "</p>\n"
                + "<p>" + escape(format(pages, "accepted.next", node.city())) + "</p>\n"
                + "<p>" + escape(text(pages, "accepted.costs")) + "</p>\n");
    }

    static String invalid(Language language, List<FieldError> errors, String formPage) {
        ResourceBundle pages = pages(language);
        StringBuilder items = new StringBuilder();
        for (FieldError error : errors) {
            String label = label(pages, error.field());
            items.append("<li>").append(label.isEmpty() ? "" : "<strong>" + escape(label) + "</strong>: ")
                    .append(escape(error.message())).append("</li>\n");
        }
        return page(language, text(pages, "invalid.title"),
                "<p>" + escape(text(pages, "invalid.intro")) + "</p>\n<ul>\n" + items + "</ul>\n"
                + back(pages, formPage));
    }

    static String failed(Language language, String message, String formPage) {
        ResourceBundle pages = pages(language);
        return page(language, text(pages, "error.title"), "<p>" + escape(message) + "</p>\n" + back(pages, formPage));
    }

    /**
     * The answer when the write's outcome is unknown: the request may have been stored. Its one
     * form sends the same fields with the same key again, so the next answer tells which it was.
     */
    static String uncertain(Language language, String message, List<Map.Entry<String, String>> fields, String key,
                            String formPage) {
        ResourceBundle pages = pages(language);
        StringBuilder form = new StringBuilder("<form method=\"post\" accept-charset=\"utf-8\">\n");
        for (Map.Entry<String, String> field : fields) form.append(hidden(field.getKey(), field.getValue()));
        form.append(hidden(IDEMPOTENCY_FIELD, key))
                .append("<button type=\"submit\">").append(escape(text(pages, "retry.button"))).append("</button>\n</form>\n");
        return page(language, text(pages, "uncertain.title"), "<p>" + escape(message) + "</p>\n" + form + back(pages, formPage));
    }

    /** The form field that carries the Idempotency-Key of a form post (a plain form cannot send headers). */
    static final String IDEMPOTENCY_FIELD = "idempotencyKey";

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">\n";
    }

    /**
     * The way back to the form without JavaScript: the browser's Back button keeps what was typed;
     * the page the form was posted from (its Referer, when it is a web address) is linked too.
     */
    private static String back(ResourceBundle pages, String formPage) {
        String hint = "<p>" + escape(text(pages, "back.hint")) + "</p>\n";
        if (formPage == null || !formPage.matches("https?://[^\\s\"<>]{1,2000}")) return hint;
        return hint + "<p><a href=\"" + escape(formPage) + "\">" + escape(text(pages, "back")) + "</a></p>\n";
    }

    /** A field path in words: {@code participants[2].email} is "Participant #3 — e-mail". */
    static String label(ResourceBundle pages, String field) {
        Matcher item = LIST_ITEM.matcher(field);
        if (item.matches()) {
            String base = format(pages, item.group(1).equals("participants") ? "field.participant" : "field.dateRange",
                    Integer.parseInt(item.group(2)) + 1);
            return item.group(3) == null ? base : base + " – " + optional(pages, "field." + item.group(3), item.group(3));
        }
        Matcher nested = NESTED.matcher(field);
        if (nested.matches()) {
            return text(pages, "field." + nested.group(1)) + " – " + optional(pages, "field." + nested.group(2), nested.group(2));
        }
        String top = field.replaceAll("\\[\\d+]$", "");
        return top.isEmpty() ? "" : optional(pages, "field." + top, field);
    }

    private static String page(Language language, String title, String body) {
        return "<!doctype html>\n<html lang=\"" + language.code() + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<title>" + escape(title) + " – Smart City Sweden</title>\n"
                + "<style>" + CSS + "</style>\n</head>\n<body>\n<main>\n<h1>" + escape(title) + "</h1>\n" + body
                + "</main>\n</body>\n</html>\n";
    }

    private static ResourceBundle pages(Language language) {
        return ResourceBundle.getBundle("se.smartcitysweden.booking.submit.Pages", language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    private static String text(ResourceBundle pages, String key) {
        return pages.getString(key);
    }

    private static String optional(ResourceBundle pages, String key, String fallback) {
        return pages.containsKey(key) ? pages.getString(key) : fallback;
    }

    private static String format(ResourceBundle pages, String key, Object argument) {
        return new MessageFormat(pages.getString(key), pages.getLocale()).format(new Object[] {argument});
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
