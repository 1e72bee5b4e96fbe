package se.smartcitysweden.booking.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import se.smartcitysweden.booking.json.Json;

/** Test data: a complete, valid booking body whose dates lie ahead of {@code today}. */
public final class BookingJson {
    private BookingJson() { }

    public static ObjectNode valid(LocalDate today) {
        ObjectNode body = Json.object();
        body.put("node", "umea");
        body.put("language", "en");
        body.put("mainGoal", "learning");
        body.put("purpose", "Study visit on district heating and sustainable city planning.\nTwo days.");
        body.putArray("focusAreas").add("energy").add("urban-planning");
        body.put("focusDescription", "Heat networks, mobility hubs.");
        body.put("meetCompanies", true);
        body.put("companyTypes", "Energy utilities and start-ups");
        body.put("specialRequests", "Vegetarian lunch.");
        body.putArray("preferredDates").addObject()
                .put("from", today.plusDays(60).toString()).put("to", today.plusDays(62).toString());
        body.put("expectedParticipants", 12);
        body.putArray("participants").addObject().put("name", "Ana Souza").put("organisation", "City of Porto")
                .put("role", "Planner").put("email", "ana.souza@example.org").put("country", "PT");
        body.putObject("contact").put("name", "Ana Souza").put("email", "ana.souza@example.org")
                .put("phone", "+351 22 123 4567").put("organisation", "City of Porto").put("country", "PT");
        body.put("message", "Looking forward to it.");
        body.put("acceptsCosts", true);
        body.put("consent", true);
        return body;
    }
}
