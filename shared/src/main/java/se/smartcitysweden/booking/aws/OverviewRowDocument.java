package se.smartcitysweden.booking.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Impact;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.json.Json;

/** An {@link OverviewRow} as the text stored in the table (by {@link DynamoDbOverviewRows}). */
public final class OverviewRowDocument {
    /** The encoding's version, the first field of {@link #encode}: a reader refuses one it does not know. */
    static final int ENCODING = 1;

    private OverviewRowDocument() { }

    /**
     * Compact JSON with short keys (about 150 bytes): {@code f} the encoding, {@code id}, {@code n}
     * node, {@code t} submitted, {@code c} country, {@code a} areas, {@code g} goal, {@code p}
     * participants, {@code h} first answer in milliseconds, {@code s} status, {@code k} confirmed,
     * {@code o} [business interest 0/1, companies met], {@code r} rating, {@code i} [[months,
     * "yes flags"]], {@code v} version; and since the yearly report, {@code ref} reference, {@code l}
     * language, {@code vf}/{@code vt} the visit's first and last day; and since counts at "mark as done", {@code at}
     * how many came (0 for a no-show). Absent facts are left
     * out, and a row without the later fields (written before them) reads as one without those facts: the encoding
     * stays 1, so a reader of the first version still reads the rows this one writes.
     */
    public static String encode(OverviewRow row) {
        ObjectNode json = Json.object();
        json.put("f", ENCODING);
        json.put("id", row.bookingId());
        json.put("n", row.node().id());
        json.put("t", row.submitted().toString());
        json.put("c", row.country());
        ArrayNode areas = json.putArray("a");
        row.focusAreas().forEach(a -> areas.add(a.id()));
        json.put("g", row.mainGoal().id());
        json.put("p", row.participants());
        row.firstAnswer().ifPresent(d -> json.put("h", d.toMillis()));
        json.put("s", row.status().id());
        json.put("k", row.confirmed());
        row.outcome().ifPresent(o -> json.putArray("o").add(o.businessInterest() ? 1 : 0).add(o.companiesMet()));
        row.rating().ifPresent(r -> json.put("r", r));
        if (!row.impact().isEmpty()) {
            ArrayNode answers = json.putArray("i");
            row.impact().forEach(a -> answers.addArray().add(a.months()).add(a.flags()));
        }
        json.put("v", row.version());
        if (!row.reference().isEmpty()) json.put("ref", row.reference());
        row.language().ifPresent(l -> json.put("l", l.code()));
        row.visitFrom().ifPresent(d -> json.put("vf", d.toString()));
        row.visitTo().ifPresent(d -> json.put("vt", d.toString()));
        // A reader of the previous version skips this field (it reads by name): it still counts a no-show as held.
        row.attended().ifPresent(n -> json.put("at", n));
        return Json.write(json);
    }

    /** The row {@link #encode} wrote; {@link IllegalArgumentException} for anything else. */
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
                    outcome == null ? Optional.empty()
                            : Optional.of(new OverviewRow.Outcome(outcome.path(0).asInt() == 1, outcome.path(1).asInt())),
                    json.has("r") ? Optional.of(json.get("r").asInt()) : Optional.empty(), impact, json.path("v").asLong(),
                    json.path("ref").asText(""),
                    json.has("l") ? Language.fromCode(json.get("l").asText()) : Optional.empty(),
                    json.has("vf") ? Optional.of(LocalDate.parse(json.get("vf").asText())) : Optional.empty(),
                    json.has("vt") ? Optional.of(LocalDate.parse(json.get("vt").asText())) : Optional.empty(),
                    json.has("at") ? Optional.of(json.get("at").asInt()) : Optional.empty());
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
