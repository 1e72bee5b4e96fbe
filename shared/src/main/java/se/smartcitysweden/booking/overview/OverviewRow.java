package se.smartcitysweden.booking.overview;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.workflow.BookingCase;
import se.smartcitysweden.booking.workflow.Impact;
import se.smartcitysweden.booking.workflow.Workflow;

/**
 * What the overview counts of one booking, and nothing personal: no name, address, organisation
 * or free text. Kept per node and month by the table's stream ({@link OverviewRows}), so the
 * overview page reads a few items instead of every booking; it outlives the booking's personal
 * data, as the anonymised booking does.
 *
 * @param firstAnswer from the request to a coordinator's first entry (see {@link #of})
 * @param confirmed   a visit was agreed at some point, even if it was cancelled later
 * @param impact      the latest answer of each survey round, without its note
 * @param version     the booking's version: an older record never replaces a newer row
 */
public record OverviewRow(String bookingId, Node node, Instant submitted, String country, List<FocusArea> focusAreas,
                          MainGoal mainGoal, int participants, Optional<Duration> firstAnswer, BookingStatus status,
                          boolean confirmed, Optional<Outcome> outcome, Optional<Integer> rating, List<Impact> impact,
                          long version) {
    /** The encoding's version, the first field of {@link #encode()}: a reader refuses one it does not know. */
    static final int ENCODING = 1;

    /** A recorded outcome: whether there is business interest, and how many companies the delegation met. */
    public record Outcome(boolean businessInterest, int companiesMet) { }

    public OverviewRow {
        focusAreas = List.copyOf(focusAreas);
        impact = impact.stream().map(a -> new Impact(a.months(), a.contacts(), a.deals(), a.collaborations(), a.policy(), ""))
                .toList();
        country = country == null ? "" : country;
    }

    public static OverviewRow of(BookingCase c) {
        Booking b = c.booking();
        Workflow w = c.workflow();
        return new OverviewRow(b.id(), b.node(), b.createdAt(), b.request().contact().country(), b.request().focusAreas(),
                b.request().mainGoal(), b.request().expectedParticipants(), firstAnswer(c), c.status(), confirmed(c),
                w.outcome().map(o -> new Outcome(o.businessInterest(), o.companiesMet().size())),
                w.feedback().map(Workflow.Feedback::rating), List.copyOf(Impact.answers(w).values()), c.version());
    }

    /** The Swedish day it was submitted on: the period and the month it counts in. */
    public LocalDate submittedOn() {
        return LocalDate.ofInstant(submitted, Booking.SWEDISH_TIME);
    }

    public YearMonth month() {
        return YearMonth.from(submittedOn());
    }

    /** From the request to the first thing a coordinator (of the node or the national office) did with it. */
    static Optional<Duration> firstAnswer(BookingCase c) {
        return c.workflow().history().stream().filter(e -> e.by().isStaff()).findFirst()
                .map(e -> Duration.between(c.booking().createdAt(), e.at()));
    }

    /** A visit was agreed at some point, even if it was cancelled later. */
    static boolean confirmed(BookingCase c) {
        return c.workflow().visit().isPresent() || c.status() == BookingStatus.CONFIRMED
                || c.status() == BookingStatus.COMPLETED || c.status() == BookingStatus.FOLLOWED_UP;
    }

    /**
     * Compact JSON with short keys (about 150 bytes): {@code f} the encoding, {@code id}, {@code n}
     * node, {@code t} submitted, {@code c} country, {@code a} areas, {@code g} goal, {@code p}
     * participants, {@code h} first answer in milliseconds, {@code s} status, {@code k} confirmed,
     * {@code o} [business interest 0/1, companies met], {@code r} rating, {@code i} [[months,
     * "yes flags"]], {@code v} version. Absent facts are left out.
     */
    public String encode() {
        ObjectNode json = Json.object();
        json.put("f", ENCODING);
        json.put("id", bookingId);
        json.put("n", node.id());
        json.put("t", submitted.toString());
        json.put("c", country);
        ArrayNode areas = json.putArray("a");
        focusAreas.forEach(a -> areas.add(a.id()));
        json.put("g", mainGoal.id());
        json.put("p", participants);
        firstAnswer.ifPresent(d -> json.put("h", d.toMillis()));
        json.put("s", status.id());
        json.put("k", confirmed);
        outcome.ifPresent(o -> json.putArray("o").add(o.businessInterest() ? 1 : 0).add(o.companiesMet()));
        rating.ifPresent(r -> json.put("r", r));
        if (!impact.isEmpty()) {
            ArrayNode answers = json.putArray("i");
            impact.forEach(a -> answers.addArray().add(a.months()).add(a.flags()));
        }
        json.put("v", version);
        return Json.write(json);
    }

    /** The row {@link #encode()} wrote; {@link IllegalArgumentException} for anything else. */
    public static OverviewRow decode(String text) {
        JsonNode json;
        try {
            json = Json.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an overview row");
        }
        if (json.path("f").asInt() != ENCODING) throw new IllegalArgumentException("unknown overview row encoding");
        try {
            List<FocusArea> areas = new ArrayList<>();
            json.path("a").forEach(a -> areas.add(FocusArea.fromId(a.asText()).orElseThrow()));
            List<Impact> impact = new ArrayList<>();
            json.path("i").forEach(a -> impact.add(Impact.ofFlags(a.path(0).asInt(), a.path(1).asText())));
            JsonNode outcome = json.get("o");
            return new OverviewRow(required(json, "id"), Node.fromId(required(json, "n")).orElseThrow(),
                    Instant.parse(required(json, "t")), json.path("c").asText(""), areas,
                    MainGoal.fromId(required(json, "g")).orElseThrow(), json.path("p").asInt(),
                    json.has("h") ? Optional.of(Duration.ofMillis(json.get("h").asLong())) : Optional.empty(),
                    BookingStatus.fromId(required(json, "s")).orElseThrow(), json.path("k").asBoolean(),
                    outcome == null ? Optional.empty() : Optional.of(new Outcome(outcome.path(0).asInt() == 1, outcome.path(1).asInt())),
                    json.has("r") ? Optional.of(json.get("r").asInt()) : Optional.empty(), impact, json.path("v").asLong());
        } catch (java.util.NoSuchElementException | DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable overview row");
        }
    }

    private static String required(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) throw new IllegalArgumentException("overview row without " + field);
        return value.asText();
    }
}
