package se.smartcitysweden.booking.workflow;

import static org.junit.jupiter.api.Assertions.*;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Language;
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
