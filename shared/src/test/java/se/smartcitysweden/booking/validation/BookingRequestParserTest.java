package se.smartcitysweden.booking.validation;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.testing.BookingJson;

class BookingRequestParserTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 27);

    private static BookingRequestParser.Result parse(Consumer<ObjectNode> change) {
        ObjectNode body = BookingJson.valid(TODAY);
        change.accept(body);
        return BookingRequestParser.parse(body, TODAY);
    }

    @Test
    void givenACompleteBooking_whenParsed_thenEveryFieldIsKept() {
        BookingRequestParser.Result result = parse(body -> { });
        assertTrue(result.isValid(), () -> result.errors().toString());
        BookingRequest request = result.request().orElseThrow();
        assertEquals(Node.UMEA, request.node());
        assertEquals(List.of(FocusArea.ENERGY, FocusArea.URBAN_PLANNING), request.focusAreas());
        assertEquals("Study visit on district heating and sustainable city planning.\nTwo days.", request.purpose());
        assertEquals(12, request.expectedParticipants());
        assertEquals("PT", request.participants().get(0).country());
        assertEquals("Energy utilities and start-ups", request.companyTypes());
        assertTrue(request.organiser().isEmpty());
    }

    @Test
    void givenTheMinimumBooking_whenParsed_thenOptionalFieldsAreEmptyNotNull() {
        ObjectNode body = BookingJson.valid(TODAY);
        for (String optional : List.of("language", "focusDescription", "meetCompanies", "companyTypes",
                "specialRequests", "participants", "message")) {
            body.remove(optional);
        }
        ((ObjectNode) body.get("contact")).remove(List.of("phone", "organisation", "country"));
        BookingRequestParser.Result result = BookingRequestParser.parse(body, TODAY);
        assertTrue(result.isValid(), () -> result.errors().toString());
        BookingRequest request = result.request().orElseThrow();
        assertEquals(Language.EN, request.language());
        assertEquals("", request.message());
        assertEquals("", request.contact().phone());
        assertTrue(request.meetCompanies().isEmpty(), "left blank: not answered");
    }

    @Test
    void givenTextWithSpacesAndDecomposedLetters_whenParsed_thenItIsTrimmedAndNfcNormalised() {
        BookingRequestParser.Result result = parse(body ->
                ((ObjectNode) body.get("contact")).put("name", "  Bjo\u0308rn A\u030Agren  "));
        assertEquals("Björn Ågren", result.request().orElseThrow().contact().name());
    }

    @Test
    void givenAnEmailWithUpperCaseDomain_whenParsed_thenTheDomainIsLowerCased() {
        BookingRequestParser.Result result = parse(body ->
                ((ObjectNode) body.get("contact")).put("email", "Ana.Souza@Example.ORG"));
        assertEquals("Ana.Souza@example.org", result.request().orElseThrow().contact().email());
    }

    @Test
    void givenAnOrganiser_whenParsed_thenItIsKept() {
        BookingRequestParser.Result result = parse(body -> body.putObject("organiser")
                .put("name", "Nordic Study Tours").put("email", "trips@nordic-tours.example").put("organisation", "NST"));
        assertEquals("Nordic Study Tours", result.request().orElseThrow().organiser().orElseThrow().name());
    }

    @Test
    void givenAnOrganiserLeftBlank_whenParsed_thenThereIsNoOrganiser() {
        BookingRequestParser.Result result = parse(body -> body.putObject("organiser").put("name", " ").put("email", ""));
        assertTrue(result.request().orElseThrow().organiser().isEmpty());
    }

    @Test
    void givenManyProblems_whenParsed_thenAllAreReportedAtOnce() {
        BookingRequestParser.Result result = parse(body -> {
            body.remove("node");
            body.put("expectedParticipants", 0);
            ((ObjectNode) body.get("participants").get(0)).put("email", "not-an-address");
            body.put("consent", false);
        });
        assertFalse(result.isValid());
        assertEquals(List.of("node", "expectedParticipants", "participants[0].email", "consent"),
                result.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void givenSwedish_whenInvalid_thenMessagesAreInSwedish() {
        BookingRequestParser.Result result = parse(body -> {
            body.put("language", "sv");
            body.remove("purpose");
        });
        assertEquals(Language.SV, result.language());
        assertEquals("Fältet måste fyllas i.", result.errors().get(0).message());
    }

    @Test
    void givenEnglish_whenInvalid_thenMessagesAreInEnglish() {
        BookingRequestParser.Result result = parse(body -> body.remove("purpose"));
        assertEquals("This field is required.", result.errors().get(0).message());
    }

    @Test
    void givenNotAnObject_whenParsed_thenTheBodyIsRefused() {
        BookingRequestParser.Result result = BookingRequestParser.parse(Json.parse("[1,2]"), TODAY);
        assertEquals("invalid_body", result.errors().get(0).code());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void givenAnInvalidField_whenParsed_thenThatFieldIsNamedWithItsCode(String why, Consumer<ObjectNode> change,
                                                                           String field, String code) {
        BookingRequestParser.Result result = parse(change);
        assertFalse(result.isValid(), why);
        assertTrue(result.errors().stream().anyMatch(e -> e.field().equals(field) && e.code().equals(code)),
                () -> why + ": expected " + field + "/" + code + " in " + result.errors());
        result.errors().forEach(e -> assertFalse(e.message().isBlank()));
    }

    static Stream<Arguments> invalidBodies() {
        String long2001 = "x".repeat(2001);
        return Stream.of(
                args("node missing", b -> b.remove("node"), "node", "required"),
                args("node unknown", b -> b.put("node", "paris"), "node", "invalid_choice"),
                args("node not text", b -> b.put("node", 3), "node", "invalid_choice"),
                args("language unknown", b -> b.put("language", "de"), "language", "invalid_choice"),
                args("main goal missing", b -> b.remove("mainGoal"), "mainGoal", "required"),
                args("main goal unknown", b -> b.put("mainGoal", "tourism"), "mainGoal", "invalid_choice"),
                args("purpose missing", b -> b.remove("purpose"), "purpose", "required"),
                args("purpose blank", b -> b.put("purpose", "   \n "), "purpose", "required"),
                args("purpose too long", b -> b.put("purpose", long2001), "purpose", "too_long"),
                args("purpose not text", b -> b.put("purpose", true), "purpose", "invalid_type"),
                args("purpose with control character", b -> b.put("purpose", "a\u0007b"), "purpose", "control_characters"),
                args("purpose with bidi override", b -> b.put("purpose", "a\u202Eb"), "purpose", "control_characters"),
                args("focus areas missing", b -> b.remove("focusAreas"), "focusAreas", "required"),
                args("focus areas empty", b -> b.putArray("focusAreas"), "focusAreas", "required"),
                args("focus areas not a list", b -> b.put("focusAreas", "energy"), "focusAreas", "invalid_type"),
                args("focus area unknown", b -> ((ArrayNode) b.get("focusAreas")).add("tourism"), "focusAreas[2]", "invalid_choice"),
                args("focus area repeated", b -> ((ArrayNode) b.get("focusAreas")).add("energy"), "focusAreas[2]", "duplicate"),
                args("focus areas too many", b -> { ArrayNode a = b.putArray("focusAreas");
                    for (int i = 0; i < 8; i++) a.add("energy"); }, "focusAreas", "too_many"),
                args("focus description too long", b -> b.put("focusDescription", long2001), "focusDescription", "too_long"),
                args("meet companies not boolean", b -> b.put("meetCompanies", "yes"), "meetCompanies", "invalid_type"),
                args("company types missing when meeting companies", b -> b.remove("companyTypes"), "companyTypes", "required"),
                args("special requests too long", b -> b.put("specialRequests", long2001), "specialRequests", "too_long"),
                args("preferred dates missing", b -> b.remove("preferredDates"), "preferredDates", "required"),
                args("preferred dates too many", b -> { ArrayNode a = b.putArray("preferredDates");
                    for (int i = 0; i < 4; i++) a.addObject().put("from", "2027-02-01").put("to", "2027-02-02"); },
                        "preferredDates", "too_many"),
                args("date not ISO", b -> range(b).put("from", "01/02/2027"), "preferredDates[0].from", "invalid_date"),
                args("date impossible", b -> range(b).put("from", "2027-02-30"), "preferredDates[0].from", "invalid_date"),
                args("date missing", b -> range(b).remove("to"), "preferredDates[0].to", "required"),
                args("date in the past", b -> range(b).put("from", "2026-11-26"), "preferredDates[0].from", "date_in_past"),
                args("date beyond two years", b -> range(b).put("from", "2028-11-28").put("to", "2028-11-29"),
                        "preferredDates[0].from", "too_far_ahead"),
                args("range reversed", b -> range(b).put("from", "2027-03-10").put("to", "2027-03-09"),
                        "preferredDates[0].to", "date_order"),
                args("range over 31 days", b -> range(b).put("from", "2027-03-01").put("to", "2027-04-01"),
                        "preferredDates[0].to", "range_too_long"),
                args("range with unknown field", b -> range(b).put("time", "09:00"), "preferredDates[0].time", "unknown_field"),
                args("expected participants missing", b -> b.remove("expectedParticipants"), "expectedParticipants", "required"),
                args("expected participants zero", b -> b.put("expectedParticipants", 0), "expectedParticipants", "out_of_range"),
                args("expected participants 201", b -> b.put("expectedParticipants", 201), "expectedParticipants", "out_of_range"),
                args("expected participants fractional", b -> b.put("expectedParticipants", 2.5), "expectedParticipants", "invalid_type"),
                args("expected participants text", b -> b.put("expectedParticipants", "12"), "expectedParticipants", "invalid_type"),
                args("more participants than expected", b -> b.put("expectedParticipants", 0 + 1)
                        .withArray("participants").addObject().put("name", "Second"), "participants", "more_participants_than_expected"),
                args("participant without name", b -> participant(b).remove("name"), "participants[0].name", "required"),
                args("participant name with line break", b -> participant(b).put("name", "Ana\nSouza"), "participants[0].name", "control_characters"),
                args("participant bad email", b -> participant(b).put("email", "ana@"), "participants[0].email", "invalid_email"),
                args("participant bad country", b -> participant(b).put("country", "XX"), "participants[0].country", "invalid_country"),
                args("participant unknown field", b -> participant(b).put("age", 40), "participants[0].age", "unknown_field"),
                args("participant not an object", b -> b.withArray("participants").add("Ana"), "participants[1]", "invalid_type"),
                args("contact missing", b -> b.remove("contact"), "contact", "required"),
                args("contact name missing", b -> contact(b).remove("name"), "contact.name", "required"),
                args("contact email missing", b -> contact(b).remove("email"), "contact.email", "required"),
                args("contact email with CRLF", b -> contact(b).put("email", "a@b.se\r\nBcc: x@y.se"), "contact.email", "control_characters"),
                args("contact email with display name", b -> contact(b).put("email", "Ana <ana@example.org>"), "contact.email", "invalid_email"),
                args("contact email too long", b -> contact(b).put("email", "a".repeat(250) + "@b.se"), "contact.email", "invalid_email"),
                args("contact email local part too long", b -> contact(b).put("email", "a".repeat(65) + "@example.org"), "contact.email", "invalid_email"),
                args("contact email without dot in domain", b -> contact(b).put("email", "ana@localhost"), "contact.email", "invalid_email"),
                args("contact phone with letters", b -> contact(b).put("phone", "call me"), "contact.phone", "invalid_phone"),
                args("contact country unknown", b -> contact(b).put("country", "Sweden"), "contact.country", "invalid_country"),
                args("contact unknown field", b -> contact(b).put("fax", "1"), "contact.fax", "unknown_field"),
                args("organiser without email", b -> b.putObject("organiser").put("name", "Agency"), "organiser.email", "required"),
                args("organiser bad email", b -> b.putObject("organiser").put("name", "A").put("email", "x"), "organiser.email", "invalid_email"),
                args("organiser not an object", b -> b.put("organiser", "Agency"), "organiser", "invalid_type"),
                args("message too long", b -> b.put("message", "x".repeat(5001)), "message", "too_long"),
                args("costs not accepted", b -> b.put("acceptsCosts", false), "acceptsCosts", "must_accept"),
                args("costs missing", b -> b.remove("acceptsCosts"), "acceptsCosts", "must_accept"),
                args("costs as text", b -> b.put("acceptsCosts", "true"), "acceptsCosts", "invalid_type"),
                args("consent not given", b -> b.put("consent", false), "consent", "must_accept"),
                args("unknown top-level field", b -> b.put("budget", 1000), "budget", "unknown_field"));
    }

    @Test
    void givenExactlyTheLimits_whenParsed_thenTheyAreAccepted() {
        BookingRequestParser.Result result = parse(b -> {
            b.put("purpose", "x".repeat(2000));
            b.put("message", "y".repeat(5000));
            b.put("expectedParticipants", 200);
            range(b).put("from", TODAY.toString()).put("to", TODAY.plusDays(30).toString());
            ArrayNode areas = b.putArray("focusAreas");
            for (FocusArea area : FocusArea.values()) areas.add(area.id());
        });
        assertTrue(result.isValid(), () -> result.errors().toString());
    }

    @Test
    void givenARangeEndingOnTheTwoYearHorizon_whenParsed_thenItIsAccepted() {
        BookingRequestParser.Result result = parse(b -> range(b).put("from", "2028-11-20").put("to", "2028-11-27"));
        assertTrue(result.isValid(), () -> result.errors().toString());
    }

    private static ObjectNode range(ObjectNode body) { return (ObjectNode) body.get("preferredDates").get(0); }

    private static ObjectNode participant(ObjectNode body) { return (ObjectNode) body.get("participants").get(0); }

    private static ObjectNode contact(ObjectNode body) { return (ObjectNode) body.get("contact"); }

    private static Arguments args(String why, Consumer<ObjectNode> change, String field, String code) {
        return Arguments.of(why, change, field, code);
    }


    @Test
    void givenANodeWithMinimumNotice_whenAPeriodStartsSooner_thenTheMessageNamesThePlaceAndTheEarliestDay() {
        ObjectNode body = BookingJson.valid(TODAY).put("node", "borlange").put("language", "sv");
        body.putArray("preferredDates").addObject().put("from", TODAY.plusDays(9).toString()).put("to", TODAY.plusDays(12).toString());
        body.withArray("preferredDates").addObject().put("from", TODAY.plusDays(10).toString()).put("to", TODAY.plusDays(10).toString());
        BookingRequestParser.Result result = BookingRequestParser.parse(body, TODAY, node -> node == Node.BORLANGE ? 10 : 0);
        assertEquals(1, result.errors().size(), result.errors().toString());
        FieldError error = result.errors().get(0);
        assertEquals("preferredDates[0].from", error.field());
        assertEquals("too_soon", error.code());
        assertEquals("Borlänge behöver minst 10 dagars framförhållning: det tidigaste datum du kan önska är 7 december 2026.",
                error.message());
        body.put("language", "en");
        assertEquals("Borlänge needs at least 10 days' notice: the earliest date you can ask for is 7 December 2026.",
                BookingRequestParser.parse(body, TODAY, node -> 10).errors().get(0).message());
        assertTrue(BookingRequestParser.parse(body, TODAY, node -> node == Node.UMEA ? 30 : 0).isValid(), "another node's notice");
        assertTrue(BookingRequestParser.parse(body, TODAY).isValid(), "no notice configured");
    }
}
