package se.smartcitysweden.booking.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.Workflow.Feedback;
import se.smartcitysweden.booking.domain.Workflow.HistoryEntry;
import se.smartcitysweden.booking.domain.Workflow.Outcome;
import se.smartcitysweden.booking.domain.Workflow.Visit;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Node;

/** A booking's workflow as the JSON document stored beside it. */
public final class WorkflowDocument {
    private WorkflowDocument() { }

    public static String write(Workflow workflow) {
        ObjectNode json = Json.object();
        ArrayNode history = json.putArray("history");
        workflow.history().forEach(e -> writeEntry(history.addObject(), e));
        workflow.visit().ifPresent(v -> {
            ObjectNode visit = json.putObject("visit").put("from", v.from().toString()).put("to", v.to().toString());
            v.start().ifPresent(start -> visit.put("start", start.toString()));
            if (!v.place().isEmpty()) visit.put("place", v.place());
            if (!v.host().isEmpty()) visit.put("host", v.host());
            if (!v.hostPhone().isEmpty()) visit.put("hostPhone", v.hostPhone());
            // The fields above are the form before the plan (for a reader of that form during a deploy); "plan" is the data.
            if (!v.plan().isEmpty()) writePlan(visit.putObject("plan"), v.plan());
        });
        json.put("reason", workflow.reason());
        workflow.outcome().ifPresent(o -> {
            ObjectNode outcome = json.putObject("outcome").put("text", o.text())
                    .put("businessInterest", o.businessInterest()).put("recordedAt", o.recordedAt().toString());
            ArrayNode companies = outcome.putArray("companiesMet");
            o.companiesMet().forEach(companies::add);
        });
        workflow.feedback().ifPresent(f -> json.putObject("feedback").put("rating", f.rating())
                .put("comment", f.comment()).put("givenAt", f.givenAt().toString()));
        ObjectNode sent = json.putObject("followUpsSent");
        workflow.followUpsSent().forEach((key, at) -> sent.put(key, at.toString()));
        return Json.write(json);
    }

    public static Workflow read(String text) {
        if (text == null || text.isEmpty()) return Workflow.empty();
        JsonNode json = Json.parse(text);
        List<HistoryEntry> history = new ArrayList<>();
        json.path("history").forEach(e -> history.add(readEntry(e)));
        JsonNode v = json.path("visit");
        Optional<Visit> visit = v.isObject()
                ? Optional.of(v.path("plan").isObject()
                        ? new Visit(LocalDate.parse(v.path("from").asText()), LocalDate.parse(v.path("to").asText()), readPlan(v.path("plan")))
                        : new Visit(LocalDate.parse(v.path("from").asText()), LocalDate.parse(v.path("to").asText()),
                        v.hasNonNull("start") ? Optional.of(LocalTime.parse(v.get("start").asText())) : Optional.empty(),
                        v.path("place").asText(""), v.path("host").asText(""), v.path("hostPhone").asText("")))
                : Optional.empty();
        JsonNode o = json.path("outcome");
        Optional<Outcome> outcome = Optional.empty();
        if (o.isObject()) {
            List<String> companies = new ArrayList<>();
            o.path("companiesMet").forEach(c -> companies.add(c.asText()));
            outcome = Optional.of(new Outcome(o.path("text").asText(), companies, o.path("businessInterest").asBoolean(),
                    Instant.parse(o.path("recordedAt").asText())));
        }
        JsonNode f = json.path("feedback");
        Optional<Feedback> feedback = f.isObject()
                ? Optional.of(new Feedback(f.path("rating").asInt(), f.path("comment").asText(),
                        Instant.parse(f.path("givenAt").asText())))
                : Optional.empty();
        Map<String, Instant> sent = new LinkedHashMap<>();
        json.path("followUpsSent").fields().forEachRemaining(e -> sent.put(e.getKey(), Instant.parse(e.getValue().asText())));
        return new Workflow(history, visit, json.path("reason").asText(""), outcome, feedback, sent);
    }

    private static void writePlan(ObjectNode plan, VisitPlan p) {
        ArrayNode hours = plan.putArray("hours");
        p.hours().forEach(h -> hours.addObject().put("day", h.day().toString()).put("start", h.start().toString())
                .put("end", h.end().toString()));
        plan.put("meetingPlace", p.meetingPlace()).put("mapUrl", p.mapUrl()).put("hostName", p.hostName())
                .put("hostPhone", p.hostPhone()).put("hostEmail", p.hostEmail()).put("programme", p.programme())
                .put("notes", p.notes());
    }

    private static VisitPlan readPlan(JsonNode plan) {
        List<VisitPlan.DayHours> hours = new ArrayList<>();
        plan.path("hours").forEach(h -> hours.add(new VisitPlan.DayHours(LocalDate.parse(h.path("day").asText()),
                LocalTime.parse(h.path("start").asText()), LocalTime.parse(h.path("end").asText()))));
        return new VisitPlan(hours, plan.path("meetingPlace").asText(""), plan.path("mapUrl").asText(""),
                plan.path("hostName").asText(""), plan.path("hostPhone").asText(""), plan.path("hostEmail").asText(""),
                plan.path("programme").asText(""), plan.path("notes").asText(""));
    }

    /*
     * A history line: "by" (the actor) and "data" (the event's fields, under its kind's code in
     * "action") are the data. "actor" and "detail" are the line as stored before history was data,
     * still written for readers of that form (a function not yet updated during a deploy, a
     * rollback); a line without "data" is of that form and its detail is read once.
     */
    private static void writeEntry(ObjectNode line, HistoryEntry e) {
        line.put("at", e.at().toString()).put("actor", e.actor()).put("action", e.action()).put("detail", e.detail());
        Actor a = e.by();
        ObjectNode by = line.putObject("by").put("kind", a.kind().id());
        a.node().ifPresent(node -> by.put("node", node.id()));
        if (!a.name().isEmpty()) by.put("name", a.name());
        if (!a.email().isEmpty()) by.put("email", a.email());
        // An event this version does not know keeps only its old form, as it was read.
        if (!(e.event() instanceof HistoryEvent.Unknown)) writeData(line.putObject("data"), e.event());
    }

    private static HistoryEntry readEntry(JsonNode e) {
        Instant at = Instant.parse(e.path("at").asText());
        String action = e.path("action").asText();
        HistoryEntry old = new HistoryEntry(at, e.path("actor").asText(), action, e.path("detail").asText());
        JsonNode by = e.path("by");
        Actor actor = by.isObject()
                ? new Actor(Actor.Kind.fromId(by.path("kind").asText()).orElse(Actor.Kind.SYSTEM),
                        Node.fromId(by.path("node").asText()), by.path("name").asText(""), by.path("email").asText(""))
                : old.by();
        HistoryEvent event = e.path("data").isObject() ? readData(action, e.path("data")).orElse(old.event()) : old.event();
        return new HistoryEntry(at, actor, event);
    }

    private static void writeData(ObjectNode d, HistoryEvent event) {
        if (event instanceof HistoryEvent.Confirmed c) {
            d.put("from", c.from().toString()).put("to", c.to().toString());
        } else if (event instanceof HistoryEvent.Declined x) {
            d.put("reason", x.reason());
        } else if (event instanceof HistoryEvent.Cancelled x) {
            d.put("reason", x.reason());
        } else if (event instanceof HistoryEvent.OutcomeCorrected x) {
            d.put("replaced", x.replaced());
        } else if (event instanceof HistoryEvent.Reopened x) {
            d.put("from", x.from().id());
        } else if (event instanceof HistoryEvent.FeedbackGiven x) {
            d.put("rating", x.rating());
        } else if (event instanceof HistoryEvent.ImpactAnswered x) {
            d.put("months", x.months()).put("contacts", x.contacts()).put("deals", x.deals())
                    .put("collaborations", x.collaborations()).put("policy", x.policy()).put("note", x.note());
        } else if (event instanceof HistoryEvent.OtherDatesAsked x) {
            ArrayNode dates = d.putArray("dates");
            x.dates().forEach(r -> dates.addObject().put("from", r.from().toString()).put("to", r.to().toString()));
            d.put("message", x.message());
        } else if (event instanceof HistoryEvent.ParticipantsChanged x) {
            d.put("expectedBefore", x.expectedBefore()).put("expectedAfter", x.expectedAfter())
                    .put("namedBefore", x.namedBefore()).put("namedAfter", x.namedAfter());
            x.told().ifPresent(list -> {
                ArrayNode told = d.putArray("told");
                list.forEach(p -> told.addObject().put("name", p.name()).put("organisation", p.organisation()).put("role", p.role())
                        .put("email", p.email()).put("country", p.country()));
            });
        } else if (event instanceof HistoryEvent.Completed x) {
            if (x.attended() != HistoryEvent.Completed.NOT_COUNTED) d.put("attended", x.attended());
        } else if (event instanceof HistoryEvent.Lapsed x) {
            d.put("lastDay", x.lastDay().toString());
        } else if (event instanceof HistoryEvent.TaskSkipped x) {
            d.put("task", x.task()).put("step", x.step());
        } else if (event instanceof HistoryEvent.AcknowledgementLimited x) {
            d.put("organiserCopy", x.organiserCopy());
        } else if (event instanceof HistoryEvent.ContactUnreachable x) {
            d.put("complaint", x.complaint()).put("messageId", x.messageId());
        } else if (event instanceof HistoryEvent.NoteAdded x) {
            d.put("text", x.text());
        } else if (event instanceof HistoryEvent.Assigned x) {
            d.put("email", x.email()).put("name", x.name());
        } else if (event instanceof HistoryEvent.PlanChanged x) {
            ArrayNode changed = d.putArray("changed");
            x.changed().forEach(changed::add);
            ObjectNode before = d.putObject("before");
            x.before().forEach(before::put);
        }
        // The other kinds have no fields: their code says it all.
    }

    /** The event of a line's fields; empty when they do not make one (then its old form is read). */
    private static Optional<HistoryEvent> readData(String code, JsonNode d) {
        try {
            return Optional.ofNullable(switch (code) {
                case "acknowledge" -> new HistoryEvent.Acknowledged();
                case "confirm" -> new HistoryEvent.Confirmed(date(d, "from"), date(d, "to"));
                case "decline" -> new HistoryEvent.Declined(d.path("reason").asText());
                case "cancel" -> new HistoryEvent.Cancelled(d.path("reason").asText());
                case "complete" -> new HistoryEvent.Completed(d.path("attended").asInt(HistoryEvent.Completed.NOT_COUNTED));
                case "lapsed" -> new HistoryEvent.Lapsed(date(d, "lastDay"));
                case "record-outcome" -> new HistoryEvent.OutcomeRecorded();
                case "correct-outcome" -> new HistoryEvent.OutcomeCorrected(d.path("replaced").asText());
                case "reopen" -> BookingStatus.fromId(d.path("from").asText()).map(HistoryEvent.Reopened::new).orElse(null);
                case "erase" -> new HistoryEvent.Erased();
                case "anonymise" -> new HistoryEvent.Anonymised();
                case "feedback" -> new HistoryEvent.FeedbackGiven(d.path("rating").asInt());
                case "impact" -> new HistoryEvent.ImpactAnswered(d.path("months").asInt(), d.path("contacts").asBoolean(),
                        d.path("deals").asBoolean(), d.path("collaborations").asBoolean(), d.path("policy").asBoolean(),
                        d.path("note").asText());
                case "visitor-dates" -> {
                    List<BookingRequest.DateRange> dates = new ArrayList<>();
                    d.path("dates").forEach(r -> dates.add(new BookingRequest.DateRange(date(r, "from"), date(r, "to"))));
                    yield new HistoryEvent.OtherDatesAsked(dates, d.path("message").asText());
                }
                case "visitor-participants" -> {
                    Optional<List<BookingRequest.Participant>> told = Optional.empty();
                    if (d.path("told").isArray()) {
                        List<BookingRequest.Participant> list = new ArrayList<>();
                        d.path("told").forEach(p -> list.add(new BookingRequest.Participant(p.path("name").asText(),
                                p.path("organisation").asText(), p.path("role").asText(), p.path("email").asText(),
                                p.path("country").asText())));
                        told = Optional.of(list);
                    }
                    yield new HistoryEvent.ParticipantsChanged(d.path("expectedBefore").asInt(), d.path("expectedAfter").asInt(),
                            d.path("namedBefore").asInt(), d.path("namedAfter").asInt(), told);
                }
                case "skipped" -> new HistoryEvent.TaskSkipped(d.path("task").asText(), d.path("step").asInt());
                case "taken-over" -> new HistoryEvent.TakenOver();
                case "acknowledgement-skipped" -> new HistoryEvent.AcknowledgementLimited(d.path("organiserCopy").asBoolean());
                case "contact-unreachable" -> new HistoryEvent.ContactUnreachable(d.path("complaint").asBoolean(),
                        d.path("messageId").asText());
                case "note" -> new HistoryEvent.NoteAdded(d.path("text").asText());
                case "assign" -> new HistoryEvent.Assigned(d.path("email").asText(), d.path("name").asText());
                case "plan-changed" -> {
                    List<String> changed = new ArrayList<>();
                    d.path("changed").forEach(part -> changed.add(part.asText()));
                    Map<String, String> before = new LinkedHashMap<>();
                    d.path("before").fields().forEachRemaining(f -> before.put(f.getKey(), f.getValue().asText()));
                    yield new HistoryEvent.PlanChanged(changed, before);
                }
                default -> null;
            });
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static LocalDate date(JsonNode node, String field) {
        return LocalDate.parse(node.path(field).asText());
    }
}
