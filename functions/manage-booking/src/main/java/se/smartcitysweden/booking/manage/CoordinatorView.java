package se.smartcitysweden.booking.manage;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.workflow.Transitions;
import se.smartcitysweden.booking.domain.VisitDefaults;
import se.smartcitysweden.booking.domain.Workflow;

/**
 * What the coordinator's page shows: key facts first (so the coordinator decides without scrolling), a form for
 * each action the workflow allows now, the outcome and feedback, the booking's fields in the words of the
 * coordinator's e-mail, and the history. The forms post to {@code actions?token=…}, relative to the page.
 */
final class CoordinatorView {
    private CoordinatorView() { }

    /** "You act as …" and, for a link from an e-mail, "who are you?" with the node's people. */
    private static void staff(Map<String, Object> view, BookingCase c, PageWords w, Staff staff, Focus focus) {
        Map<String, Object> note = new HashMap<>();
        note.put("selected", focus.action().equals("note"));
        note.put("text", focus.action().equals("note") ? focus.typed().getOrDefault("note", "") : "");
        note.put("errors", focus.action().equals("note") ? w.errors(focus.errors()) : List.of());
        note.put("hasErrors", focus.action().equals("note") && !focus.errors().isEmpty());
        note.put("max", se.smartcitysweden.booking.workflow.CaseService.MAX_NOTE);
        // Notes are free text about people: none once the personal data is gone.
        if (!PersonalData.isAnonymised(c.workflow())) view.put("note", note);
        if (staff.people().isEmpty()) return; // no directory (a test's page): nobody to choose
        Map<String, Object> who = new HashMap<>();
        boolean known = !staff.actor().email().isEmpty();
        who.put("actingAs", known ? w.format("who.actingAs", person(staff.actor(), w)) : w.format("who.unknownActor", c.booking().node().city()));
        who.put("byLink", staff.byLink());
        who.put("choices", staff.people().stream().map(a -> Map.of("value", a.email(), "label", person(a, w),
                "selected", a.email().equalsIgnoreCase(staff.actor().email()))).toList());
        who.put("known", known);
        // The assignment: one person of the node's list, or nobody.
        String assigned = c.workflow().assignee().map(HistoryEvent.Assigned::email).orElse("");
        List<Map<String, Object>> assignees = new java.util.ArrayList<>();
        assignees.add(Map.of("value", "", "label", w.get("assign.nobody"), "selected", assigned.isEmpty()));
        staff.people().forEach(a -> assignees.add(Map.of("value", a.email(), "label", person(a, w), "selected", a.email().equalsIgnoreCase(assigned))));
        Map<String, Object> assign = new HashMap<>();
        assign.put("choices", assignees);
        assign.put("selected", focus.action().equals("assign"));
        assign.put("errors", focus.action().equals("assign") ? w.errors(focus.errors()) : List.of());
        assign.put("hasErrors", focus.action().equals("assign") && !focus.errors().isEmpty());
        view.put("assign", assign);
        who.put("selected", focus.action().equals("who"));
        who.put("errors", focus.action().equals("who") ? w.errors(focus.errors()) : List.of());
        who.put("hasErrors", focus.action().equals("who") && !focus.errors().isEmpty());
        view.put("who", who);
    }

    /** A person as the page names them: "Anna Berg (coordinator, Umeå)", or their address when unnamed. */
    static String person(Actor a, PageWords w) {
        String name = a.name().isBlank() ? a.email() : a.name();
        return a.kind() == Actor.Kind.NATIONAL_OFFICE ? w.format("who.person.national", name)
                : w.format("who.person.coordinator", name, a.node().map(n -> n.city()).orElse(""));
    }

    /**
     * Who acts on the page ({@code actor}: the console's person, the one this browser named, else "a
     * coordinator of the node"), whether the link itself names them, and everyone who may act.
     */
    record Staff(Actor actor, boolean byLink, List<Actor> people, List<MailLog.Sent> mails) {
        static Staff unknown(BookingCase c) {
            return new Staff(Actor.coordinator(c.booking().node()), false, List.of(), List.of());
        }
    }

    static HttpAnswer page(int status, BookingCase c, PageWords w, String token, Focus focus, Instant now) {
        return page(status, c, w, token, focus, now, Staff.unknown(c), VisitDefaults.NONE);
    }

    static HttpAnswer page(int status, BookingCase c, PageWords w, String token, Focus focus, Instant now, Staff staff) {
        return page(status, c, w, token, focus, now, staff, VisitDefaults.NONE);
    }

    static HttpAnswer page(int status, BookingCase c, PageWords w, String token, Focus focus, Instant now, VisitDefaults defaults) {
        return page(status, c, w, token, focus, now, Staff.unknown(c), defaults);
    }

    /** The page; who acts ({@code staff}) and the confirm form starting a new visit's plan from the node's usual visit. */
    static HttpAnswer page(int status, BookingCase c, PageWords w, String token, Focus focus, Instant now, Staff staff,
                           VisitDefaults defaults) {
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
        c.workflow().assignee().ifPresent(a -> facts.add(w.get("fact.assigned"), a.name().isBlank() ? a.email() : a.name()));
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
                : action.equals("correct-outcome") ? "correctOutcome" : action.equals("update-plan") ? "updatePlan" : action,
                CoordinatorForms.form(action, c, w, focus, today, defaults));
        // The visit plan as the visitor has it, beside the form that changes it.
        c.workflow().visit().ifPresent(v -> view.put("plan", PlanView.of(v, w.mail(), true)));

        Workflow workflow = c.workflow();
        workflow.outcome().ifPresent(o -> view.put("outcome", Map.of("text", o.text(), "companies", o.companiesMet(),
                "hasCompanies", !o.companiesMet().isEmpty(), "interest", w.get(o.businessInterest() ? "yes" : "no"),
                "recorded", w.dateTime(o.recordedAt()))));
        workflow.feedback().ifPresent(f -> view.put("feedback", Map.of("rating", w.format("manage.feedback.rating", f.rating()),
                "comment", f.comment(), "given", w.format("manage.feedback.given", w.dateTime(f.givenAt())))));
        // The booking's fields in the order and words of the coordinator's e-mail, and its participants.
        Map<String, Object> details = BookingMails.details(b, w.mail());
        for (String key : List.of("rows", "participants", "hasParticipants", "participantCount")) view.put(key, details.get(key));
        view.put("history", HistoryView.forCoordinator(c, w, staff.mails()));
        staff(view, c, w, staff, focus);
        return PageTemplates.page(status, "manage", view);
    }
}
