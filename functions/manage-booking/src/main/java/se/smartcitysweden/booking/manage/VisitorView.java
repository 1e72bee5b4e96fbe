package se.smartcitysweden.booking.manage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.workflow.BookingCase;
import se.smartcitysweden.booking.workflow.PersonalData;

/**
 * What the visitor's page shows: where the request stands, the agreed visit with its calendar file, the request,
 * the changes allowed now (participants until the deadline, other dates, cancelling), erasure, and the history.
 */
final class VisitorView {
    private VisitorView() { }

    static HttpAnswer page(int status, BookingCase c, PageWords w, String token, Focus focus, VisitorService visitors,
                           LocalDate today) {
        Booking b = c.booking();
        BookingRequest request = b.request();
        Map<String, Object> view = w.page(w.format("visit.title", b.reference()));
        view.put("kicker", w.format("feedback.kicker", b.node().city()));
        view.put("statusId", c.status().id());
        view.put("statusLabel", w.get("visit.status." + c.status().id()));
        view.put("statusHelp", w.format("visit.status." + c.status().id() + ".help", b.node().city()));
        view.put("token", PageTemplates.encoded(token));
        view.put("w", w.mail().prefix("label."));
        if (!focus.bannerText().isEmpty()) {
            view.put("banner", Map.of("kind", focus.bannerKind(), "text", focus.bannerText(),
                    "role", focus.bannerKind().equals("success") ? "status" : "alert"));
        }
        c.workflow().visit().filter(v -> c.status() != BookingStatus.CANCELLED && c.status() != BookingStatus.DECLINED)
                .ifPresent(v -> view.put("programme", Map.of("when", w.range(v.from(), v.to()),
                        "text", w.format("visit.programme.text", b.node().city(), w.range(v.from(), v.to())))));
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
                    form(action, request, w, focus));
        }
        view.put("history", HistoryView.forVisitor(c, w));
        return PageTemplates.page(status, "visit", view);
    }

    /** A change's form: opened when it is the one that failed, filled with what was typed or what stands. */
    private static Map<String, Object> form(String action, BookingRequest request, PageWords w, Focus focus) {
        boolean selected = action.equals(focus.action());
        Map<String, String> typed = selected ? focus.typed() : Map.of();
        Map<String, Object> form = new HashMap<>();
        form.put("selected", selected);
        form.put("open", selected);
        form.put("errors", selected ? w.errors(focus.errors()) : List.of());
        form.put("hasErrors", selected && !focus.errors().isEmpty());
        switch (action) {
            case "participants" -> {
                form.put("expected", typed.getOrDefault("expectedParticipants", Integer.toString(request.expectedParticipants())));
                form.put("max", BookingRules.MAX_PARTICIPANTS);
                form.put("rows", participantRows(request, typed, !selected));
            }
            case "other-dates" -> {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (int i = 0; i < BookingRules.MAX_DATE_RANGES; i++) {
                    String prefix = "preferredDates[" + i + "].";
                    rows.add(Map.of("index", i, "number", i + 1, "from", typed.getOrDefault(prefix + "from", ""),
                            "to", typed.getOrDefault(prefix + "to", ""), "required", i == 0));
                }
                form.put("rows", rows);
                form.put("message", typed.getOrDefault("message", ""));
            }
            default -> form.put("reason", typed.getOrDefault("reason", ""));
        }
        return form;
    }

    /** The participant rows of the form: the list as it stands (or as typed), and empty rows to add more. */
    private static List<Map<String, Object>> participantRows(BookingRequest request, Map<String, String> typed, boolean stored) {
        int filled = stored ? request.participants().size()
                : typed.keySet().stream().filter(k -> k.startsWith("participants[")).map(k -> k.substring(13, k.indexOf(']')))
                        .filter(i -> i.matches("\\d{1,3}")).mapToInt(Integer::parseInt).map(i -> i + 1).max().orElse(0);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(BookingRules.MAX_PARTICIPANTS, filled + 3); i++) {
            Map<String, Object> row = new HashMap<>(Map.of("index", i, "number", i + 1));
            BookingRequest.Participant p = stored && i < request.participants().size() ? request.participants().get(i) : null;
            for (String field : List.of("name", "organisation", "role", "email", "country")) {
                row.put(field, p != null ? switch (field) {
                    case "name" -> p.name();
                    case "organisation" -> p.organisation();
                    case "role" -> p.role();
                    case "email" -> p.email();
                    default -> p.country();
                } : stored ? "" : typed.getOrDefault("participants[" + i + "]." + field, ""));
            }
            rows.add(row);
        }
        return rows;
    }
}
