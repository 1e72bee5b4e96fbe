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
}
