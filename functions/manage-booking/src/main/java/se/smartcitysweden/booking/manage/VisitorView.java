package se.smartcitysweden.booking.manage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.PersonalData;

/**
 * What the visitor's page shows: where the request stands, the agreed visit with its calendar file, the request,
 * the changes allowed now (participants until the deadline, other dates, cancelling), erasure, and the history.
 */
final class VisitorView {
    private VisitorView() { }

    static HttpAnswer page(int status, BookingCase c, PageWords w, String token, Focus focus, VisitorService visitors,
                           LocalDate today) {
        return page(status, c, w, token, focus, visitors, today, "");
    }

    /** The same with "write to us" to {@code writeTo} (the host, else the node), the reference in the subject. */
    static HttpAnswer page(int status, BookingCase c, PageWords w, String token, Focus focus, VisitorService visitors,
                           LocalDate today, String writeTo) {
        Booking b = c.booking();
        BookingRequest request = b.request();
        Map<String, Object> view = w.page(w.format("visit.title", b.reference()));
        view.put("kicker", w.format("feedback.kicker", b.node().city()));
        view.put("statusId", c.status().id());
        view.put("statusLabel", w.visitorStatus(c.status()));
        // A no-show is not thanked for its visit.
        boolean noShow = se.smartcitysweden.booking.domain.FollowUpPlan.noShow(c.workflow());
        // A request closed because its dates passed says so, with an apology.
        boolean lapsed = se.smartcitysweden.booking.domain.FollowUpPlan.lapsedAt(c).isPresent();
        view.put("statusHelp", w.format("visit.status." + c.status().id() + (noShow ? ".noShow" : lapsed ? ".lapsed" : "") + ".help",
                b.node().city()));
        view.put("token", PageTemplates.encoded(token));
        view.put("w", w.mail().prefix("label."));
        if (!focus.bannerText().isEmpty()) {
            view.put("banner", Map.of("kind", focus.bannerKind(), "text", focus.bannerText(),
                    "role", focus.bannerKind().equals("success") ? "status" : "alert"));
        }
        c.workflow().visit().filter(v -> c.status() != BookingStatus.CANCELLED && c.status() != BookingStatus.DECLINED)
                .ifPresent(v -> view.put("programme", Map.of("when", w.range(v.from(), v.to()),
                        // With a plan the page shows it; without, it says the plan will follow.
                        "text", v.plan().isEmpty() ? w.format("visit.programme.text", b.node().city(), w.range(v.from(), v.to())) : "",
                        "plan", PlanView.of(v, w.mail()))));
        if (!writeTo.isBlank()) {
            view.put("writeTo", CaseMails.mailto(writeTo, w.mail().format("write.topic", b.reference())));
        }
        // A cancelled visit that had dates: said so, with the file that takes it out of the visitor's calendar.
        c.workflow().visit().filter(v -> c.status() == BookingStatus.CANCELLED)
                .ifPresent(v -> view.put("cancelledVisit", w.format("visit.cancelled.text", b.node().city(), w.range(v.from(), v.to()))));
        view.put("facts", new Facts().add(w.get("visit.fact.reference"), b.reference())
                .add(w.get("fact.preferredDates"), request.preferredDates().stream().map(r -> w.range(r.from(), r.to()))
                        .collect(Collectors.joining("\n")))
                .add(w.get("fact.participants"), Integer.toString(request.expectedParticipants()))
                .add(w.get("fact.reason"), c.workflow().reason()).list());
        // One line a person; parts left empty are absent, so the template prints no stray commas.
        List<Map<String, Object>> people = new ArrayList<>();
        for (BookingRequest.Participant p : request.participants()) {
            people.add(Map.of("name", p.name(), "more", Facts.lines(p.organisation(), p.role()).replace("\n", ", "), "email", p.email()));
        }
        view.put("people", people);
        view.put("hasParticipants", !people.isEmpty());
        view.put("participantCount", people.size());
        // The visitor may have their personal data erased at any time, while there is any.
        view.put("erasable", !PersonalData.isAnonymised(c.workflow()));

        List<String> allowed = visitors.allowed(c, today);
        LocalDate deadline = visitors.changeDeadline(c);
        view.put("noActions", allowed.isEmpty());
        if (!allowed.isEmpty()) {
            view.put("deadline", allowed.contains("participants") ? w.format("visit.participants.until", w.date(deadline))
                    : w.format("visit.participants.closed", w.date(deadline)));
        }
        for (String action : allowed) {
            view.put(action.equals("other-dates") ? "otherDates" : action.equals("participants") ? "participantsForm" : action,
                    VisitorForms.form(action, request, w, focus));
        }
        view.put("history", HistoryView.forVisitor(c, w));
        return PageTemplates.page(status, "visit", view);
    }
}
