package se.smartcitysweden.booking.manage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.VisitDefaults;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.domain.Workflow;

/** The coordinator's action forms: each filled with what was typed, or with what stands (a correction starts from the record). */
final class CoordinatorForms {
    private CoordinatorForms() { }

    /** An action's form: opened and focused when it is the one named, filled with what was typed or what stands. */
    static Map<String, Object> form(String action, BookingCase c, PageWords w, Focus focus, LocalDate today) {
        return form(action, c, w, focus, today, VisitDefaults.NONE);
    }

    /** The same, a new visit's plan starting from the node's usual visit ({@code defaults}), so confirming stays one click. */
    static Map<String, Object> form(String action, BookingCase c, PageWords w, Focus focus, LocalDate today, VisitDefaults defaults) {
        Map<String, String> typed = focus.typed(action);
        Map<String, Object> form = focus.form(action, w);
        switch (action) {
            case "confirm" -> {
                // The agreed visit, else the first preferred period that has not passed.
                BookingRequest.DateRange days = c.workflow().visit().map(v -> new BookingRequest.DateRange(v.from(), v.to()))
                        .orElseGet(() -> c.booking().request().preferredDates().stream().filter(range -> !range.from().isBefore(today))
                                .findFirst().orElse(new BookingRequest.DateRange(today, today)));
                form.put("date", typed.getOrDefault("date", days.from().toString()));
                form.put("endDate", typed.getOrDefault("endDate", days.to().equals(days.from()) ? "" : days.to().toString()));
                form.put("prefilledFromRequest", c.workflow().visit().isEmpty() && typed.isEmpty()
                        && c.booking().request().preferredDates().stream().anyMatch(range -> !range.from().isBefore(today)));
                form.put("change", c.status() == BookingStatus.CONFIRMED);
                form.put("minDate", today.toString());
                form.put("maxDate", today.plusYears(BookingRules.BOOKING_HORIZON_YEARS).toString());
                // The plan: as it stands for a confirmed visit, else the node's usual visit.
                VisitPlan plan = c.workflow().visit().map(Workflow.Visit::plan)
                        .orElseGet(() -> VisitPlan.from(defaults, days.from(), days.to()));
                Optional<VisitPlan.DayHours> first = plan.hours().isEmpty() ? Optional.empty() : Optional.of(plan.hours().get(0));
                form.put("start", typed.getOrDefault("start", first.map(h -> h.start().toString()).orElse("")));
                form.put("end", typed.getOrDefault("end", first.map(h -> h.end().toString()).orElse("")));
                form.put("id", "confirm");
                planTexts(form, plan, typed);
                form.put("fromDefaults", c.workflow().visit().isEmpty() && !plan.isEmpty());
            }
            case "update-plan" -> {
                Workflow.Visit visit = c.workflow().visit().orElseThrow();
                VisitPlan plan = visit.plan();
                List<Map<String, Object>> days = new ArrayList<>();
                int i = 0;
                for (LocalDate day = visit.from(); !day.isAfter(visit.to()); day = day.plusDays(1), i++) {
                    Optional<VisitPlan.DayHours> hours = plan.on(day);
                    String row = "hours[" + i + "]";
                    days.add(Map.of("index", i, "day", day.toString(), "label", w.date(day),
                            "start", typed.getOrDefault(row + ".start", hours.map(h -> h.start().toString()).orElse("")),
                            "end", typed.getOrDefault(row + ".end", hours.map(h -> h.end().toString()).orElse(""))));
                }
                form.put("days", days);
                form.put("id", "plan");
                planTexts(form, plan, typed);
            }
            case "decline", "cancel" -> form.put("reason", typed.getOrDefault("reason", ""));
            case "complete" -> {
                form.put("attended", typed.getOrDefault("attended", ""));
                form.put("maxAttended", Integer.toString(se.smartcitysweden.booking.workflow.CoordinatorAction.Complete.MAX_ATTENDED));
                form.put("expectedHint", w.format("action.complete.attended.hint",
                        Integer.toString(c.booking().request().expectedParticipants())));
            }
            case "record-outcome", "correct-outcome" -> {
                // A correction starts from what was recorded.
                Optional<Workflow.Outcome> recorded = action.equals("correct-outcome") ? c.workflow().outcome() : Optional.empty();
                form.put("outcome", typed.getOrDefault("outcome", recorded.map(Workflow.Outcome::text).orElse("")));
                form.put("companiesMet", typed.getOrDefault("companiesMet", recorded.map(o -> String.join("\n", o.companiesMet())).orElse("")));
                String interest = typed.getOrDefault("businessInterest", recorded.map(o -> o.businessInterest() ? "yes" : "no").orElse(""));
                form.put("interestYes", interest.equals("yes"));
                form.put("interestNo", interest.equals("no"));
            }
            default -> { }
        }
        return form;
    }

    /** The plan's text fields: what was typed, else the plan's. */
    private static void planTexts(Map<String, Object> form, VisitPlan plan, Map<String, String> typed) {
        form.put("meetingPlace", typed.getOrDefault("meetingPlace", plan.meetingPlace()));
        form.put("mapUrl", typed.getOrDefault("mapUrl", plan.mapUrl()));
        form.put("hostName", typed.getOrDefault("hostName", plan.hostName()));
        form.put("hostPhone", typed.getOrDefault("hostPhone", plan.hostPhone()));
        form.put("hostEmail", typed.getOrDefault("hostEmail", plan.hostEmail()));
        form.put("programme", typed.getOrDefault("programme", plan.programme()));
        form.put("notes", typed.getOrDefault("notes", plan.notes()));
    }
}
