package se.smartcitysweden.booking.manage;

import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;

/**
 * {@code POST /bookings/{id}/new-link}, the form of a refused link's page: a fresh link of the same page goes to the
 * address on the booking (NewLinks, limited per booking). The answer is the same whether the booking exists, the
 * limit was reached or a mail went, so the page tells nobody which bookings exist.
 */
final class NewLinkPage {
    /** The page a refused link was for, as its form names it, and the link it gets. */
    static final Map<String, LinkSigner.Purpose> PAGES = Map.of("manage", LinkSigner.Purpose.MANAGE,
            "visit", LinkSigner.Purpose.VISITOR, "feedback", LinkSigner.Purpose.FEEDBACK, "impact", LinkSigner.Purpose.IMPACT);
    private final PageContext context;

    NewLinkPage(PageContext context) {
        this.context = context;
    }

    HttpAnswer send(HttpRequest request) {
        String id = request.pathParameter("id");
        String page = request.typed().getOrDefault("page", "");
        Optional.ofNullable(PAGES.get(page)).ifPresent(purpose -> context.services(request).newLinks().send(id, purpose));
        PageWords w = PageWords.of(request.language());
        // A link may have been mailed: the answer never says that nothing happened.
        return Problems.committed(request, true, w, "new-link", "newLink.sent", () -> {
            Problems.log("newlink", id, page, 200);
            return PageTemplates.message(200, w, w.get("newLink.sent.title"), w.get("newLink.sent"));
        });
    }

    /** The page a path is on, for the refused link's form: the calendar file is the visitor's page's. */
    static String pageOf(String path) {
        String last = path.replaceAll("/+$", "").replaceAll(".*/", "");
        return switch (last) {
            case "actions" -> "manage";
            case "calendar" -> "visit";
            default -> PAGES.containsKey(last) ? last : "visit";
        };
    }
}
