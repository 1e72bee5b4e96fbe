package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.MailSelfService;
import se.smartcitysweden.booking.notification.NewLinks;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingCaseRepository;
import se.smartcitysweden.booking.testing.InMemoryLimitCounter;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.workflow.CaseService;

/**
 * A refused link is no dead end: its page, in the browser's language, names the contact address and offers a new
 * link, which goes to the address on the booking only, at most three a day per booking, with the same answer for a
 * booking that does not exist.
 */
class NewLinkPageTest {
    private static final Instant NOW = Instant.parse("2027-03-02T09:00:00Z");
    private static final LocalDate TODAY = LocalDate.parse("2027-03-02");
    private static final LinkSigner SIGNER = new LinkSigner("new-link-page-test-secret-of-32-bytes".getBytes(StandardCharsets.UTF_8));
    private final InMemoryBookingCaseRepository stored = new InMemoryBookingCaseRepository();
    private final List<EmailMessage> sent = new ArrayList<>();
    private final Booking booking = new Booking("b-1", "UME-22222", BookingStatus.SUBMITTED, NOW.minusSeconds(86_400),
            BookingRequestParser.parse(BookingJson.valid(TODAY), TODAY).request().orElseThrow());
    private final ManageBookingHandler handler;

    NewLinkPageTest() {
        stored.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        CoordinatorDirectory directory = CoordinatorDirectory.parse("""
                {"nodes": {"stockholm": ["sto@example.org"], "goteborg": ["gbg@example.org"], "malmo": ["mmo@example.org"],
                           "borlange": ["blg@example.org"], "linkoping": ["lkp@example.org"], "umea": ["ume@example.org"]},
                 "nationalOffice": ["national@example.org"], "copyNationalOffice": []}""");
        CaseMails mails = new CaseMails(Mailbox.sender("bookings@example.org"), directory,
                new BookingLinks("https://visits.example.org", SIGNER), Language.SV);
        MailSender sender = message -> {
            sent.add(message);
            return "m-" + sent.size();
        };
        FollowUpPlan plan = new FollowUpPlan(WorkingDays.sweden());
        CaseService cases = new CaseService(stored, SIGNER, plan, (c, notice) -> true, clock);
        handler = new ManageBookingHandler(cases, new VisitorService(stored, cases, plan, WorkingDays.sweden(),
                new MailSelfService(mails, sender), clock), new NewLinks(stored, mails, sender, new InMemoryLimitCounter(), clock),
                Language.SV, clock);
    }

    private APIGatewayV2HTTPResponse at(String bookingId, String method, String page, String language, String form) {
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking("manage-action-form.json", bookingId, "old.token");
        String path = "/bookings/" + bookingId + "/" + page;
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        event.getRequestContext().getHttp().setMethod(method);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("accept-language", language);
        event.setHeaders(headers);
        if (form == null) {
            event.setBody(null);
            headers.remove("content-type");
            return handler.handleRequest(event, null);
        }
        return handler.handleRequest(ApiEvents.withBody(event, form, true), null);
    }

    @Test
    void givenAnOldLink_whenOpened_thenThePageInTheBrowsersLanguageNamesTheContactAndOffersANewLink() {
        for (String page : List.of("visit", "feedback", "impact", "manage")) {
            APIGatewayV2HTTPResponse sv = at("b-1", "GET", page, "sv-SE,sv;q=0.9", null);
            assertEquals(403, sv.getStatusCode(), page);
            assertTrue(sv.getBody().contains("Skicka en ny länk till mig"), sv.getBody());
            assertTrue(sv.getBody().contains("mailto:national@smartcitysweden.example"), sv.getBody());
            assertTrue(sv.getBody().contains("action=\"new-link\"") && sv.getBody().contains("value=\"" + page + "\""), sv.getBody());
            APIGatewayV2HTTPResponse en = at("b-1", "GET", page, "en-GB", null);
            assertTrue(en.getBody().contains("Send me a new link"), en.getBody());
        }
        assertTrue(at("b-1", "POST", "actions", "en", "action=acknowledge").getBody().contains("value=\"manage\""));
    }

    @Test
    void givenANewLinkAskedFor_whenSent_thenItGoesToTheAddressOnTheBookingAtMostThreeTimesADay() {
        APIGatewayV2HTTPResponse visitor = at("b-1", "POST", "new-link", "en", "page=visit");
        assertEquals(200, visitor.getStatusCode(), visitor.getBody());
        assertEquals(1, sent.size());
        assertEquals(booking.request().contact().email(), sent.get(0).to().get(0).address());
        assertTrue(sent.get(0).text().contains("https://visits.example.org/bookings/b-1/visit?token="), sent.get(0).text());

        APIGatewayV2HTTPResponse manage = at("b-1", "POST", "new-link", "en", "page=manage");
        assertEquals(visitor.getBody(), manage.getBody());
        assertEquals("ume@example.org", sent.get(1).to().get(0).address());
        assertTrue(sent.get(1).text().contains("/bookings/b-1/manage?token="), sent.get(1).text());

        // No oracle: an unknown booking, and the fourth ask of the day, get the same page and status, and no mail.
        APIGatewayV2HTTPResponse unknown = at("b-nobody", "POST", "new-link", "en", "page=visit");
        assertEquals(200, unknown.getStatusCode());
        assertEquals(visitor.getBody(), unknown.getBody());
        assertEquals(200, at("b-1", "POST", "new-link", "en", "page=feedback").getStatusCode());
        assertEquals(3, sent.size());
        APIGatewayV2HTTPResponse limited = at("b-1", "POST", "new-link", "en", "page=visit");
        assertEquals(200, limited.getStatusCode());
        assertEquals(visitor.getBody(), limited.getBody());
        assertEquals(3, sent.size(), "over the limit: nothing sent");
        assertTrue(at("b-1", "POST", "new-link", "sv", "page=visit").getBody().contains("Titta i din inkorg"));
    }
}
