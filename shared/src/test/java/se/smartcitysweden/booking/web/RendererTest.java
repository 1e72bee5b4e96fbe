package se.smartcitysweden.booking.web;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {
    private final Renderer renderer = new Renderer("/se/smartcitysweden/booking/web/test/", "test.css");

    private static Map<String, Object> view(String value) {
        Map<String, Object> view = new HashMap<>(Map.of("lang", "sv", "title", "Titel", "t", Map.of("who", "Anna", "site_tagline", "Bokning",
                "site_footer", "Sidfot")));
        view.put("value", value);
        view.put("empty", "");
        return view;
    }

    @Test
    void givenAPage_whenRendered_thenItIsInTheOneLayoutWithItsStyleSheetAndItsOwnBar_andItsHeadersNameTheStyleSheet() {
        HttpAnswer page = renderer.page(200, "page", view("x"));
        assertTrue(page.body().startsWith("<!doctype html>\n<html lang=\"sv\">"), page.body());
        assertTrue(page.body().contains("<title>Titel – Smart City Sweden</title>"), page.body());
        assertTrue(page.body().contains("<style>p{margin:0}\n</style>"), "the style sheet, unescaped: " + page.body());
        assertTrue(page.body().contains("<span class=\"own-bar\">Anna</span>"), "the folder's own bar: " + page.body());
        assertTrue(page.body().contains("<footer class=\"site\"><div class=\"wrap\">Sidfot</div></footer>"), page.body());
        assertFalse(page.body().contains("never"), "an empty text is no value");
        assertEquals(HtmlHeaders.page("p{margin:0}\n"), page.headers());
    }

    @Test
    void givenValuesWithMarkup_whenRendered_thenHtmlEscapesThemAndTextDoesNot() {
        String hostile = "<script>alert('x')</script> & \"=`";
        String html = renderer.page(200, "page", view(hostile)).body();
        assertFalse(html.contains("<script>"), html);
        assertTrue(html.contains("title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;=`\""), html);
        assertEquals(Renderer.escape(hostile), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;=`");
        assertEquals(hostile + "\n", renderer.text("note", Map.of("value", hostile)));
    }

    @Test
    void givenTheSharedMessagePage_whenRenderedFromAnyFolder_thenItHasTheTitleParagraphsAndLink() {
        Map<String, Object> view = view("x");
        view.put("paragraphs", java.util.List.of("One.", "Two."));
        view.put("link", Map.of("href", "/console/sign-in", "text", "Again"));
        String html = renderer.page(403, "message", view).body();
        assertTrue(html.contains("<h1>Titel</h1>\n<p>One.</p>\n<p>Two.</p>\n<p><a href=\"/console/sign-in\">Again</a></p>"), html);
    }
}
