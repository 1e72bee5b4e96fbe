package se.smartcitysweden.booking.manage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.workflow.Transitions;

/** The JSON answers of the API: a case's state, the visitor's state and feedback, a conflict. */
final class CaseJson {
    private CaseJson() { }

    /** Where the case stands: status, what can be done now, the agreed visit, outcome and history. */
    static ObjectNode state(BookingCase c, java.time.Instant now) {
        ObjectNode json = Json.object().put("id", c.id()).put("reference", c.booking().reference())
                .put("node", c.booking().node().id()).put("status", c.status().id()).put("version", c.version());
        allowed(json, c, now);
        Workflow w = c.workflow();
        w.visit().ifPresent(v -> visit(json.putObject("visit"), v));
        if (!w.reason().isBlank()) json.put("reason", w.reason());
        // How many came, once the visit is marked done with a count (0: a no-show).
        se.smartcitysweden.booking.domain.FollowUpPlan.attended(w).ifPresent(n -> json.put("attended", n));
        w.outcome().ifPresent(o -> {
            ObjectNode outcome = json.putObject("outcome").put("outcome", o.text())
                    .put("businessInterest", o.businessInterest()).put("recordedAt", o.recordedAt().toString());
            ArrayNode companies = outcome.putArray("companiesMet");
            o.companiesMet().forEach(companies::add);
        });
        w.feedback().ifPresent(f -> json.putObject("feedback").put("rating", f.rating()).put("comment", f.comment())
                .put("givenAt", f.givenAt().toString()));
        ArrayNode history = json.putArray("history");
        // The answer's lines keep their old shape (api/openapi.yaml): the actor's id, the event's code and its old one-string detail.
        w.history().forEach(e -> history.addObject().put("at", e.at().toString()).put("actor", e.actor())
                .put("action", e.action()).put("detail", e.detail()));
        return json;
    }

    /** What the visitor sees of their feedback. */
    static ObjectNode feedback(BookingCase c) {
        ObjectNode json = Json.object().put("id", c.id()).put("reference", c.booking().reference());
        c.workflow().feedback().ifPresent(f -> json.put("rating", f.rating()).put("comment", f.comment())
                .put("givenAt", f.givenAt().toString()));
        return json;
    }

    /** What the visitor's page shows a script: status, the agreed visit, what they may change now and until when, history. */
    static ObjectNode visitor(BookingCase c, List<String> allowedActions, java.time.LocalDate changeDeadline) {
        ObjectNode json = Json.object().put("id", c.id()).put("reference", c.booking().reference())
                .put("status", c.status().id()).put("expectedParticipants", c.booking().request().expectedParticipants())
                .put("participantsChangeableUntil", changeDeadline.toString());
        c.workflow().visit().ifPresent(v -> visit(json.putObject("visit"), v));
        ArrayNode allowed = json.putArray("allowedActions");
        allowedActions.forEach(allowed::add);
        ArrayNode history = json.putArray("history");
        // The staff's internal notes and assignments are not the visitor's business, not even that they exist.
        c.workflow().history().stream().filter(e -> !(e.event() instanceof se.smartcitysweden.booking.domain.HistoryEvent.NoteAdded
                        || e.event() instanceof se.smartcitysweden.booking.domain.HistoryEvent.Assigned))
                .forEach(e -> history.addObject().put("at", e.at().toString())
                .put("actor", e.by().kind() == se.smartcitysweden.booking.domain.Actor.Kind.COORDINATOR ? "coordinator" : e.actor())
                .put("action", e.action()));
        return json;
    }

    /** A 409: the action the state does not allow, the current status and what is allowed now. */
    static ObjectNode notAllowed(BookingCase c, FieldError error, java.time.Instant now) {
        ObjectNode json = HttpAnswer.errorList(List.of(error));
        json.put("status", c.status().id());
        allowed(json, c, now);
        return json;
    }

    private static void allowed(ObjectNode json, BookingCase c, java.time.Instant now) {
        ArrayNode allowed = json.putArray("allowedActions");
        Transitions.allowedActions(c, now).forEach(allowed::add);
    }

    /** The agreed visit: its days and, once given, its plan (hours in Swedish time, place, host, programme, notes). */
    private static void visit(ObjectNode visit, se.smartcitysweden.booking.domain.Workflow.Visit v) {
        visit.put("date", v.from().toString()).put("endDate", v.to().toString());
        se.smartcitysweden.booking.domain.VisitPlan p = v.plan();
        if (p.isEmpty()) return;
        ObjectNode plan = visit.putObject("plan");
        var hours = plan.putArray("hours");
        p.hours().forEach(h -> hours.addObject().put("day", h.day().toString()).put("start", h.start().toString())
                .put("end", h.end().toString()));
        plan.put("meetingPlace", p.meetingPlace()).put("mapUrl", p.mapUrl()).put("hostName", p.hostName())
                .put("hostPhone", p.hostPhone()).put("hostEmail", p.hostEmail()).put("programme", p.programme()).put("notes", p.notes());
    }
}
