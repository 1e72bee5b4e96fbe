package se.smartcitysweden.booking.workflow;

import static org.junit.jupiter.api.Assertions.*;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.json.Json;

class ActionParserTest {
    private static final LocalDate TODAY = LocalDate.parse("2027-03-02");

    private static ActionParser.Parsed<CoordinatorAction> parse(String json) {
        return ActionParser.action(Json.parse(json), Language.EN, TODAY);
    }

    @Test
    void givenTheCorrectionActions_whenParsed_thenEachIsReadAndExtraFieldsAreRefused() {
        assertEquals(new CoordinatorAction.Reopen(), parse("{\"action\":\"reopen\"}").value().orElseThrow());
        assertEquals(new CoordinatorAction.Erase(), parse("{\"action\":\"erase\"}").value().orElseThrow());
        assertEquals(new CoordinatorAction.CorrectOutcome("Met two utilities.", List.of("Umeå Energi"), true),
                parse("{\"action\":\"correct-outcome\",\"outcome\":\"Met two utilities.\",\"companiesMet\":[\"Umeå Energi\"],"
                        + "\"businessInterest\":true}").value().orElseThrow());
        assertEquals("unknown_field", parse("{\"action\":\"erase\",\"reason\":\"x\"}").errors().get(0).code());
        assertEquals("outcome", parse("{\"action\":\"correct-outcome\",\"businessInterest\":true}").errors().get(0).field());
    }

    @Test
    void givenAConfirmationWithAPlan_whenParsed_thenItsHoursAreEveryDaysAndEachWrongFieldIsNamed() {
        CoordinatorAction.Confirm confirm = (CoordinatorAction.Confirm) parse("{\"action\":\"confirm\",\"date\":\"2027-03-15\","
                + "\"endDate\":\"2027-03-16\",\"start\":\"09:30\",\"end\":\"16:00:00\",\"meetingPlace\":\"Väven\","
                + "\"mapUrl\":\"https://maps.example.org/v\",\"hostName\":\"Eva Lind\",\"hostEmail\":\"Eva@Umea.EXAMPLE.org\"}").value().orElseThrow();
        VisitPlan plan = confirm.plan().orElseThrow();
        assertEquals(VisitPlan.everyDay(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-16"), LocalTime.of(9, 30), LocalTime.of(16, 0)),
                plan.hours());
        assertEquals("Eva@umea.example.org", plan.hostEmail());
        assertTrue(((CoordinatorAction.Confirm) parse("{\"action\":\"confirm\",\"date\":\"2027-03-15\"}").value().orElseThrow())
                .plan().isEmpty(), "dates only: no plan given");

        List<FieldError> errors = parse("{\"action\":\"confirm\",\"date\":\"2027-03-15\",\"start\":\"16:00\",\"end\":\"9:00\","
                + "\"mapUrl\":\"http://maps.example.org\",\"hostPhone\":\"call me\",\"hostEmail\":\"eva\",\"programme\":\"javascript:alert(1)\","
                + "\"hostName\":\"Eva\\nLind\"}").errors();
        assertEquals(List.of("end:invalid_time", "mapUrl:invalid_https_url", "hostName:control_characters", "hostPhone:invalid_phone",
                "hostEmail:invalid_email", "programme:invalid_https_url"),
                errors.stream().map(e -> e.field() + ":" + e.code()).toList());
        assertEquals("Enter a web address beginning with https://, such as https://maps.example.org/place.", errors.get(1).message());
        assertEquals("end:time_order", one("{\"action\":\"confirm\",\"date\":\"2027-03-15\",\"start\":\"16:00\",\"end\":\"09:00\"}"));
        assertEquals("end:time_pair", one("{\"action\":\"confirm\",\"date\":\"2027-03-15\",\"start\":\"16:00\"}"));
        assertEquals("Ange en tid som TT:MM (24 timmar), till exempel 09:30.", ActionParser.action(Json.parse(
                "{\"action\":\"confirm\",\"date\":\"2027-03-15\",\"start\":\"9\",\"end\":\"10:00\"}"), Language.SV, TODAY).errors().get(0).message());
    }

    @Test
    void givenAPlanUpdate_whenParsed_thenEachDaysHoursAreReadAndABadRowIsNamed() {
        CoordinatorAction.UpdatePlan update = (CoordinatorAction.UpdatePlan) parse("{\"action\":\"update-plan\",\"hours\":["
                + "{\"day\":\"2027-03-16\",\"start\":\"10:00\",\"end\":\"15:00\"},{\"day\":\"2027-03-15\",\"start\":\"09:00\",\"end\":\"16:00\"},"
                + "{\"day\":\"2027-03-17\"}],\"notes\":\"Lunch is served.\"}").value().orElseThrow();
        assertEquals(List.of(LocalDate.parse("2027-03-15"), LocalDate.parse("2027-03-16")),
                update.plan().hours().stream().map(VisitPlan.DayHours::day).toList(), "sorted; a day without times has none");
        assertEquals("Lunch is served.", update.plan().notes());
        assertEquals("hours[1].end:time_order", one("{\"action\":\"update-plan\",\"hours\":[{\"day\":\"2027-03-15\",\"start\":\"09:00\",\"end\":\"16:00\"},"
                + "{\"day\":\"2027-03-16\",\"start\":\"15:00\",\"end\":\"10:00\"}]}"));
        assertEquals("hours[1].day:duplicate", one("{\"action\":\"update-plan\",\"hours\":[{\"day\":\"2027-03-15\",\"start\":\"09:00\",\"end\":\"16:00\"},"
                + "{\"day\":\"2027-03-15\",\"start\":\"10:00\",\"end\":\"11:00\"}]}"));
        assertEquals("hours[0].color:unknown_field", one("{\"action\":\"update-plan\",\"hours\":[{\"day\":\"2027-03-15\",\"color\":\"red\"}]}"));
    }

    private static String one(String json) {
        List<FieldError> errors = parse(json).errors();
        assertEquals(1, errors.size(), errors.toString());
        return errors.get(0).field() + ":" + errors.get(0).code();
    }

    @Test
    void givenMarkAsDone_whenParsed_thenTheCountIsRequiredAndNobodyCameIsItsOwnChoice() {
        assertEquals(new CoordinatorAction.Complete(14), parse("{\"action\":\"complete\",\"attended\":14}").value().orElseThrow());
        assertEquals(new CoordinatorAction.Complete(0), parse("{\"action\":\"complete\",\"noShow\":true}").value().orElseThrow());
        assertEquals(new CoordinatorAction.Complete(0), parse("{\"action\":\"complete\",\"attended\":0}").value().orElseThrow());
        assertEquals("attended_required", parse("{\"action\":\"complete\"}").errors().get(0).code());
        assertEquals("attended_required", parse("{\"action\":\"complete\",\"noShow\":false}").errors().get(0).code());
        assertEquals("attended_with_no_show", parse("{\"action\":\"complete\",\"attended\":3,\"noShow\":true}").errors().get(0).code());
        assertEquals("out_of_range", parse("{\"action\":\"complete\",\"attended\":-1}").errors().get(0).code());
        assertEquals("out_of_range", parse("{\"action\":\"complete\",\"attended\":2001}").errors().get(0).code());
        assertEquals("invalid_type", parse("{\"action\":\"complete\",\"attended\":\"twelve\"}").errors().get(0).code());
        assertEquals("attended", parse("{\"action\":\"complete\",\"attended\":2.5}").errors().get(0).field());
    }
}
