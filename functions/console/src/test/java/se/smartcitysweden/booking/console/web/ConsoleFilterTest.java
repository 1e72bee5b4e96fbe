package se.smartcitysweden.booking.console.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.smartcitysweden.booking.console.web.Fixtures.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;

/**
 * Every filter of the list and the overview refuses what it cannot use with a 400 page naming the field and why, in
 * the reader's language, and reads nothing; a period beyond what is useful (0001 to 9999) is one of them.
 */
class ConsoleFilterTest {
    private final InMemoryConsoleStore store = new InMemoryConsoleStore();
    private final Outbox outbox = new Outbox();

    @BeforeEach
    void bookings() {
        store.put(booking("b-ume-1", "UME-AAAAA", Node.UMEA, BookingStatus.SUBMITTED, 3, "City of Porto", "PT"));
    }

    private Browser signedIn(Language language) {
        Browser browser = new Browser(new ConsoleHandler(store, SECRET, DIRECTORY, outbox, SENDER, language, BASE,
                new MovingClock(), Duration.ZERO));
        browser.signIn(outbox, "national@example.org");
        return browser;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/console/overview?from=0001-01-01&to=9999-12-31 | from | Perioden kan börja tidigast",
        "/console/overview?from=0001-01-01&to=9999-12-31 | to   | Perioden kan sluta senast 31 dec. 2028",
        "/console?from=2019-12-31                        | from | Perioden kan börja tidigast 1 jan. 2020",
        "/console?from=2027-03-10&to=2027-01-01          | from | Från-datumet ligger efter till-datumet",
        "/console/overview?from=2027-03-10&to=2027-01-01 | from | Från-datumet ligger efter till-datumet",
        "/console?from=10/3/2027                         | from | Skriv ett datum som 2027-03-31.",
        "/console/overview?to=2027-02-30                 | to   | Skriv ett datum som 2027-03-31.",
        "/console?status=unknown                         | status | Välj en status i listan.",
        "/console?node=paris                             | node | Välj en av noderna i listan.",
        "/console/overview?year=27                       | year | Skriv ett år med fyra siffror",
        "/console/overview?year=2019                     | year | Välj ett år från 2020 till 2028.",
        "/console/overview?basis=month                   | basis | Välj besöksdatum eller förfrågans datum.",
        "/console?q=a%0Ab                                | q    | Sökningen innehåller tecken",
    })
    void givenAFilterThatCannotBeUsed_whenAsked_thenA400NamesTheFieldAndWhy_andNothingIsRead(String query, String field,
                                                                                          String message) {
        Browser browser = signedIn(Language.SV);
        store.queried.clear();
        store.rows.read.clear();
        APIGatewayV2HTTPResponse page = browser.get(query);
        assertEquals(400, page.getStatusCode(), page.getBody());
        assertTrue(page.getBody().contains(message), page.getBody());
        assertTrue(page.getBody().contains("<a href=\"#" + field + "\">"), "the summary links to the field: " + page.getBody());
        assertEquals(List.of(), store.queried, "no booking read");
        assertEquals(List.of(), store.rows.read, "no row read");
        assertFalse(page.getBody().contains("UME-AAAAA"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/console?from=2027-03-10&to=2027-01-01 | The from date is after the to date.",
        "/console?q=" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
                + " | The search can be at most 100 characters.",
        "/console/overview?from=2020-01-01&to=2028-12-31&format=zip | Choose CSV or Excel.",
    })
    void givenAFilterThatCannotBeUsed_thenTheMessageIsInEnglishForAnEnglishConsole(String query, String message) {
        APIGatewayV2HTTPResponse page = signedIn(Language.EN).get(query);
        assertEquals(400, page.getStatusCode(), page.getBody());
        assertTrue(page.getBody().contains(message), page.getBody());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/console?from=2020-01-01&to=2028-12-31",
        "/console/overview?from=2020-01-01&to=2028-12-31",
        "/console/overview?year=2020",
        "/console/overview?year=2028&basis=visit",
        "/console?q=Porto&status=all&node=umea",
    })
    void givenTheLongestAllowedPeriodsAndGoodFilters_thenThePageAnswers(String query) {
        APIGatewayV2HTTPResponse page = signedIn(Language.EN).get(query);
        assertEquals(200, page.getStatusCode(), page.getBody());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''                  | Skriv din e-postadress i tjänsten.",
        "umea.coordinator    | Det här är ingen e-postadress.",
        "a@b@example.org     | Det här är ingen e-postadress.",
    })
    void givenSomethingThatIsNoAddress_whenALinkIsAsked_thenTheFormSaysWhy_andNothingIsSent(String typed, String message) {
        Browser browser = new Browser(new ConsoleHandler(store, SECRET, DIRECTORY, outbox, SENDER, Language.SV, BASE,
                new MovingClock(), Duration.ZERO)).checkedAgainstContract();
        browser.get("/console/sign-in");
        APIGatewayV2HTTPResponse page = browser.post("/console/sign-in", java.util.Map.of("csrf", browser.csrf(), "email", typed));
        assertEquals(400, page.getStatusCode(), page.getBody());
        assertTrue(page.getBody().contains(message), page.getBody());
        assertTrue(page.getBody().contains("aria-invalid=\"true\""), page.getBody());
        assertEquals(0, outbox.sent.size(), "nothing sent");
    }
}
