package se.smartcitysweden.booking.manage;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.MailWords;

/** The visit plan as the {@code plan} partial shows it, in the reader's words: what is known, and what will follow. */
final class PlanView {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

    private PlanView() { }

    static Map<String, Object> of(Workflow.Visit visit, MailWords mail) {
        return of(visit, mail, false);
    }

    /** The same for the node's staff ({@code staff}: the coordinator's page), who are told what the visitor still waits for. */
    static Map<String, Object> of(Workflow.Visit visit, MailWords mail, boolean staff) {
        VisitPlan plan = visit.plan();
        Map<String, Object> view = new HashMap<>();
        List<Map<String, Object>> days = new ArrayList<>();
        for (VisitPlan.DayHours h : plan.hours()) {
            days.add(Map.of("label", mail.date(h.day()), "time", CLOCK.format(h.start()) + "–" + CLOCK.format(h.end())));
        }
        view.put("days", days);
        view.put("hasDays", !days.isEmpty());
        view.put("meetingPlace", plan.meetingPlace());
        view.put("mapUrl", plan.mapUrl());
        boolean host = !plan.part("host").isEmpty();
        view.put("hasHost", host);
        view.put("hostName", plan.hostName());
        view.put("hostPhone", plan.hostPhone());
        view.put("hostPhoneHref", plan.hostPhone().replaceAll("[^0-9+]", ""));
        view.put("hostEmail", plan.hostEmail());
        view.put("programme", plan.programme());
        view.put("programmeLink", plan.programmeIsLink());
        view.put("notes", plan.notes());
        // What is not known yet is said to follow (the last paragraph of the mails' plan when parts are missing).
        List<String> paragraphs = CaseMails.plan(visit, mail, staff);
        String last = paragraphs.isEmpty() ? "" : paragraphs.get(paragraphs.size() - 1);
        boolean missing = plan.hours().isEmpty() || plan.meetingPlace().isEmpty() || !host || plan.programme().isEmpty();
        view.put("follows", missing ? last : "");
        view.put("pw", mail.prefix("plan."));
        view.put("mapLabel", mail.get("link.map"));
        view.put("hostLabel", mail.get(staff ? "plan.host.staff" : "plan.host"));
        return view;
    }
}
