package se.smartcitysweden.booking.manage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.workflow.Transitions;
import se.smartcitysweden.booking.domain.Workflow;

/**
 * What the coordinator's page shows: key facts first (so the coordinator decides without scrolling), a form for
 * each action the workflow allows now, the outcome and feedback, the booking's fields in the words of the
 * coordinator's e-mail, and the history. The forms post to {@code actions?token=…}, relative to the page.
 */
final class CoordinatorView {
    private CoordinatorView() { }

    static HttpAnswer page(int status, BookingCase c, PageWords w, String token, Focus focus, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, FollowUpPlan.SWEDEN);
        Booking b = c.booking();
        BookingRequest request = b.request();
        Map<String, Object> view = w.page(w.format("manage.title", b.reference()));
        view.put("city", b.node().city());
        view.put("statusId", c.status().id());
        view.put("statusLabel", w.status(c.status()));
        view.put("token", PageTemplates.encoded(token));
        view.put("w", w.mail().prefix("label."));

        // What the workflow accepts now: "done" only from the visit's first day, corrections within their window.
        List<String> allowed = Transitions.allowedActions(c, now);
        String banner = focus.bannerText();
        String bannerKind = focus.bannerKind();
        // A link that preselects an action someone has meanwhile made impossible (or done) says so.
        if (banner.isEmpty() && !focus.action().isEmpty() && !allowed.contains(focus.action()) && w.has("action." + focus.action() + ".title")) {
            banner = w.format("preselected.unavailable", w.actionName(focus.action()), w.status(c.status()));
            bannerKind = "warning";
        }
        // Errors of an action that has no form on the page now (unknown, or not allowed in this state).
        if (banner.isEmpty() && !focus.errors().isEmpty() && !allowed.contains(focus.action())) {
            banner = w.errors(focus.errors()).stream()
                    .map(e -> e.get("label").toString().isEmpty() ? e.get("message").toString() : e.get("label") + ": " + e.get("message"))
                    .collect(Collectors.joining(" "));
            bannerKind = "error";
        }
        if (!banner.isEmpty()) {
            view.put("banner", Map.of("kind", bannerKind, "text", banner,
                    "role", bannerKind.equals("success") || bannerKind.equals("info") ? "status" : "alert"));
        }

        BookingRequest.Contact contact = request.contact();
        Facts facts = new Facts()
                .add(w.get("fact.contact"), Facts.lines(contact.name(), contact.organisation(), contact.email(), w.mail().country(contact.country())))
                .add(w.get("fact.participants"), Integer.toString(request.expectedParticipants()))
                .add(w.get("fact.preferredDates"), request.preferredDates().stream().map(r -> w.range(r.from(), r.to())).collect(Collectors.joining("\n")));
        c.workflow().visit().ifPresent(v -> facts.add(w.get("fact.visit"), w.range(v.from(), v.to())));
        FollowUpPlan.attended(c.workflow()).ifPresent(n -> facts.add(w.get("fact.attended"),
                n == 0 ? w.get("fact.attended.noShow") : Integer.toString(n)));
        view.put("facts", facts.add(w.get("fact.reason"), c.workflow().reason()).list());
        // Once the personal data is erased there is nobody to write to: no reply link, not even an empty one.
        if (!PersonalData.isAnonymised(c.workflow()) && !contact.email().isBlank()) {
            view.put("mailto", contact.email());
            // The reply carries the reference, in the visitor's language, so both sides find the thread.
            view.put("mailtoSubject", URLEncoder.encode(PageWords.of(b.language()).format("reply.subject", b.reference()),
                    StandardCharsets.UTF_8).replace("+", "%20")); // mail programs show a '+' as it is
        }

        // One form for each action allowed now; the one named in the link (or that failed) is opened and focused.
        view.put("noActions", allowed.isEmpty());
        for (String action : allowed) view.put(action.equals("record-outcome") ? "recordOutcome"
                : action.equals("correct-outcome") ? "correctOutcome" : action, CoordinatorForms.form(action, c, w, focus, today));

        Workflow workflow = c.workflow();
        workflow.outcome().ifPresent(o -> view.put("outcome", Map.of("text", o.text(), "companies", o.companiesMet(),
                "hasCompanies", !o.companiesMet().isEmpty(), "interest", w.get(o.businessInterest() ? "yes" : "no"),
                "recorded", w.dateTime(o.recordedAt()))));
        workflow.feedback().ifPresent(f -> view.put("feedback", Map.of("rating", w.format("manage.feedback.rating", f.rating()),
                "comment", f.comment(), "given", w.format("manage.feedback.given", w.dateTime(f.givenAt())))));
        // The booking's fields in the order and words of the coordinator's e-mail, and its participants.
        Map<String, Object> details = BookingMails.details(b, w.mail());
        for (String key : List.of("rows", "participants", "hasParticipants", "participantCount")) view.put(key, details.get(key));
        view.put("history", HistoryView.forCoordinator(c, w));
        return PageTemplates.page(status, "manage", view);
    }
}
