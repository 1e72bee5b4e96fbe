package se.smartcitysweden.booking.selfservice;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.validation.Countries;

class ParticipantPasteTest {
    @Test
    void givenRowsCopiedFromASpreadsheet_whenParsed_thenTabsOrSemicolonsSplitTheColumnsAndCountriesByNameBecomeCodes() {
        String pasted = "Name\tOrganisation\tRole\tE-mail\tCountry\r\n"
                + "Ana Souza\tCâmara do Porto\tPlanner\tana@example.org\tPortugal\n"
                + "\n"
                + "Li Wei;Tongji University;Professor;li@example.org;Kina\n"
                + "\"Smith; Jones\";;;;GB\n"
                + "Only a name\n";
        List<Participant> rows = ParticipantPaste.parse(pasted);
        assertEquals(List.of(new Participant("Ana Souza", "Câmara do Porto", "Planner", "ana@example.org", "PT"),
                new Participant("Li Wei", "Tongji University", "Professor", "li@example.org", "CN"),
                new Participant("Smith; Jones", "", "", "", "GB"),
                new Participant("Only a name", "", "", "", "")), rows);
    }

    @Test
    void givenCountryNames_whenRead_thenEitherLanguageAndAnyCaseFinds() {
        assertEquals("SE", Countries.code("sverige").orElseThrow());
        assertEquals("SE", Countries.code("Sweden").orElseThrow());
        assertEquals("DE", Countries.code("Tyskland").orElseThrow());
        assertEquals("CI", Countries.code("Côte d’Ivoire").orElseThrow());
        assertEquals("NO", Countries.code("no").orElseThrow());
        assertTrue(Countries.code("Atlantis").isEmpty());
    }
}
