package se.smartcitysweden.booking.manage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.workflow.ActionParser;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.workflow.CaseService;
import se.smartcitysweden.booking.domain.Workflow;

/**
 * The visitor's feedback after the visit: {@code GET /bookings/{id}/feedback} shows the rating form (filled with
 * earlier feedback), {@code POST} records it; a page for a browser, JSON for a script.
 */
final class FeedbackPage {
    private final PageContext context;

    FeedbackPage(PageContext context) {
        this.context = context;
    }

    HttpAnswer show(HttpRequest request) {
        // The thanks after feedback that was stored never turns into "nothing was changed".
        return Problems.afterChange(request, PageWords.of(request.language()), () -> shown(request));
    }

    private HttpAnswer shown(HttpRequest request) {
        boolean html = request.wantsHtml();
        CaseService.Answer answer = context.services(request).cases().show(request.pathParameter("id"), request.query("token"),
                LinkSigner.Purpose.FEEDBACK);
        if (!(answer instanceof CaseService.Answer.Shown shown)) return Problems.refused(answer, html, request, context);
        BookingCase c = shown.bookingCase();
        if (!html) return HttpAnswer.json(200, CaseJson.feedback(c));
        PageWords w = PageWords.of(c.booking().language());
        if (request.query("done") != null && c.workflow().feedback().isPresent()) {
            return PageTemplates.message(200, w, w.get("feedback.thanks.title"),
                    w.format("feedback.thanks", c.workflow().feedback().get().rating()));
        }
        return page(200, c, w, request.query("token"), List.of(), Map.of(), writeTo(request, c));
    }

    HttpAnswer send(HttpRequest request) {
        String id = request.pathParameter("id");
        String token = request.query("token");
        boolean html = request.wantsHtml();
        PageWords fallback = PageWords.of(request.language());
        ManageBookingHttp.ServiceSet services = context.services(request);
        CaseService.Answer shown = services.cases().show(id, token, LinkSigner.Purpose.FEEDBACK);
        if (!(shown instanceof CaseService.Answer.Shown current)) return Problems.refused(shown, html, request, context);
        BookingCase c = current.bookingCase();
        PageWords w = PageWords.of(c.booking().language());
        Optional<JsonNode> tree = request.tree();
        Map<String, String> typed = request.typed();
        if (tree.isEmpty()) return invalid(request, html, c, w, token, List.of(Messages.of(w.language()).error("", "invalid_json")), typed);
        ActionParser.Parsed<ActionParser.FeedbackInput> parsed = ActionParser.feedback(tree.get(), w.language());
        if (!parsed.errors().isEmpty() || parsed.value().isEmpty()) {
            Problems.log("feedback.invalid", id, "feedback", 400);
            return invalid(request, html, c, w, token, parsed.errors(), typed);
        }
        CaseService.Answer answer = services.visitors().feedback(id, token, parsed.value().get());
        if (answer instanceof CaseService.Answer.Changed changed) {
            return Problems.committed(request, html, w, "feedback", "feedback.thanks.title", () -> {
                Problems.log("feedback", id, "feedback", 200);
                return html ? PageTemplates.seeOther("feedback", token, "&done=1") : HttpAnswer.json(200, CaseJson.feedback(changed.bookingCase()));
            });
        }
        if (answer instanceof CaseService.Answer.NotAllowed) return Problems.problem(html, 409, w, "unavailable", "conflict");
        return Problems.refused(answer, html, request, context);
    }

    private HttpAnswer invalid(HttpRequest request, boolean html, BookingCase c, PageWords w, String token, List<FieldError> errors,
                               Map<String, String> typed) {
        return html ? page(400, c, w, token, errors, typed, writeTo(request, c)) : HttpAnswer.errors(400, errors);
    }

    private static HttpAnswer page(int status, BookingCase c, PageWords w, String token, List<FieldError> errors,
                                   Map<String, String> typed, String writeTo) {
        Booking b = c.booking();
        Map<String, Object> view = w.page(w.get("feedback.title"));
        view.put("kicker", w.format("feedback.kicker", b.node().city()));
        view.put("intro", w.format("feedback.intro", b.node().city(), b.reference()));
        view.put("token", PageTemplates.encoded(token));
        c.workflow().feedback().ifPresent(f -> view.put("already", w.format("feedback.already", w.dateTime(f.givenAt()))));
        String rating = typed.getOrDefault("rating", c.workflow().feedback().map(f -> Integer.toString(f.rating())).orElse(""));
        List<Map<String, Object>> ratings = new ArrayList<>();
        for (int value = 5; value >= 1; value--) {
            ratings.add(Map.of("value", value, "label", w.get("feedback.rating." + value),
                    "checked", rating.equals(Integer.toString(value)), "autofocus", value == 5 && !errors.isEmpty()));
        }
        view.put("ratings", ratings);
        view.put("comment", typed.getOrDefault("comment", c.workflow().feedback().map(Workflow.Feedback::comment).orElse("")));
        view.put("errors", w.errors(errors));
        view.put("hasErrors", !errors.isEmpty());
        if (!writeTo.isBlank()) view.put("writeTo", writeTo);
        return PageTemplates.page(status, "feedback", view);
    }

    /** "Write to us", the reference in the subject. */
    private String writeTo(HttpRequest request, BookingCase c) {
        String address = WriteToUs.address(context, request, c);
        return address.isBlank() ? "" : se.smartcitysweden.booking.notification.CaseMails.mailto(address,
                PageWords.of(c.booking().language()).mail().format("write.topic", c.booking().reference()));
    }
}
