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
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.Workflow.Feedback;
import se.smartcitysweden.booking.domain.Workflow.HistoryEntry;
import se.smartcitysweden.booking.domain.Workflow.Outcome;
import se.smartcitysweden.booking.domain.Workflow.Visit;
import se.smartcitysweden.booking.json.Json;

/** A booking's workflow as the JSON document stored beside it. */
public final class WorkflowDocument {
    private WorkflowDocument() { }

    public static String write(Workflow workflow) {
        ObjectNode json = Json.object();
        ArrayNode history = json.putArray("history");
        workflow.history().forEach(e -> history.addObject().put("at", e.at().toString()).put("actor", e.actor())
                .put("action", e.action()).put("detail", e.detail()));
        workflow.visit().ifPresent(v -> {
            ObjectNode visit = json.putObject("visit").put("from", v.from().toString()).put("to", v.to().toString());
            v.start().ifPresent(start -> visit.put("start", start.toString()));
            if (!v.place().isEmpty()) visit.put("place", v.place());
            if (!v.host().isEmpty()) visit.put("host", v.host());
            if (!v.hostPhone().isEmpty()) visit.put("hostPhone", v.hostPhone());
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
        json.path("history").forEach(e -> history.add(new HistoryEntry(Instant.parse(e.path("at").asText()),
                e.path("actor").asText(), e.path("action").asText(), e.path("detail").asText())));
        JsonNode v = json.path("visit");
        Optional<Visit> visit = v.isObject()
                ? Optional.of(new Visit(LocalDate.parse(v.path("from").asText()), LocalDate.parse(v.path("to").asText()),
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
}
