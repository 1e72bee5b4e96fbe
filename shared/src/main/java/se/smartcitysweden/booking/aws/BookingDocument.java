package se.smartcitysweden.booking.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingRequest.Contact;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;
import se.smartcitysweden.booking.domain.BookingRequest.Organiser;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;

/**
 * A booking request as a JSON document in the API's own shape: what is stored in the table
 * and what the other functions read back. Written by hand (no reflection) to keep cold start low
 * and the stored shape explicit.
 */
public final class BookingDocument {
    private BookingDocument() { }

    public static ObjectNode toJson(BookingRequest request) {
        ObjectNode json = Json.object();
        json.put("node", request.node().id());
        json.put("language", request.language().code());
        json.put("mainGoal", request.mainGoal().id());
        json.put("purpose", request.purpose());
        ArrayNode areas = json.putArray("focusAreas");
        request.focusAreas().forEach(area -> areas.add(area.id()));
        json.put("focusDescription", request.focusDescription());
        request.meetCompanies().ifPresent(answer -> json.put("meetCompanies", answer)); // absent: not answered
        json.put("companyTypes", request.companyTypes());
        json.put("specialRequests", request.specialRequests());
        ArrayNode dates = json.putArray("preferredDates");
        request.preferredDates().forEach(range ->
                dates.addObject().put("from", range.from().toString()).put("to", range.to().toString()));
        json.put("expectedParticipants", request.expectedParticipants());
        ArrayNode participants = json.putArray("participants");
        request.participants().forEach(p -> participants.addObject()
                .put("name", p.name()).put("organisation", p.organisation()).put("role", p.role())
                .put("email", p.email()).put("country", p.country()));
        Contact c = request.contact();
        json.putObject("contact").put("name", c.name()).put("email", c.email()).put("phone", c.phone())
                .put("organisation", c.organisation()).put("country", c.country());
        request.organiser().ifPresent(o -> json.putObject("organiser")
                .put("name", o.name()).put("email", o.email()).put("organisation", o.organisation()));
        json.put("message", request.message());
        return json;
    }

    /** Reads a stored document; throws {@link IllegalArgumentException} when it is not one. */
    public static BookingRequest fromJson(JsonNode json) {
        try {
            List<FocusArea> areas = new ArrayList<>();
            json.get("focusAreas").forEach(a -> areas.add(FocusArea.fromId(a.textValue()).orElseThrow()));
            List<DateRange> dates = new ArrayList<>();
            json.get("preferredDates").forEach(d -> dates.add(new DateRange(
                    LocalDate.parse(d.get("from").textValue()), LocalDate.parse(d.get("to").textValue()))));
            List<Participant> participants = new ArrayList<>();
            json.get("participants").forEach(p -> participants.add(new Participant(text(p, "name"),
                    text(p, "organisation"), text(p, "role"), text(p, "email"), text(p, "country"))));
            JsonNode c = json.get("contact");
            JsonNode o = json.get("organiser");
            Optional<Organiser> organiser = o == null || o.isNull() ? Optional.empty()
                    : Optional.of(new Organiser(text(o, "name"), text(o, "email"), text(o, "organisation")));
            return new BookingRequest(
                    Node.fromId(text(json, "node")).orElseThrow(),
                    Language.fromCode(text(json, "language")).orElseThrow(),
                    MainGoal.fromId(text(json, "mainGoal")).orElseThrow(),
                    text(json, "purpose"), areas, text(json, "focusDescription"),
                    json.path("meetCompanies").isBoolean() ? Optional.of(json.get("meetCompanies").booleanValue()) : Optional.empty(),
                    text(json, "companyTypes"),
                    text(json, "specialRequests"), dates, json.get("expectedParticipants").intValue(),
                    participants,
                    new Contact(text(c, "name"), text(c, "email"), text(c, "phone"), text(c, "organisation"),
                            text(c, "country")),
                    organiser, text(json, "message"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a stored booking document", e);
        }
    }

    private static String text(JsonNode parent, String name) {
        JsonNode value = parent.get(name);
        return value == null || value.isNull() ? "" : value.textValue();
    }
}
