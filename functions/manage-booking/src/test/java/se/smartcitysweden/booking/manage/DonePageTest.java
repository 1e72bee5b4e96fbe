package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.lambda.HttpApiFunction;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.port.SelfServiceMails;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.testing.InMemoryBookingCaseRepository;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;
import se.smartcitysweden.booking.workflow.CaseService;

/**
 * The page a browser is sent to after a change that was made (post/redirect/get, {@code ?done=...}) never says
 * "Nothing was changed", even when it cannot be drawn: it says the change is saved.
 */
class DonePageTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T09:00:00Z"), ZoneOffset.UTC);

    /** Services that fail, as a store that cannot be read just then. */
    private static final ManageBookingHttp FAILING = new ManageBookingHttp(base -> {
        throw new IllegalStateException("the store cannot be read just now");
    }, "https://booking.example.org", Language.SV, CLOCK);

    private static HttpRequest get(String page, String done) {
        APIGatewayV2HTTPEvent event = ApiEvents.forBooking("manage-page.json", "b-1", "token");
        String path = "/bookings/b-1/" + page;
        event.setRawPath(path);
        event.getRequestContext().getHttp().setPath(path);
        Map<String, String> query = new HashMap<>(Map.of("token", "token"));
        if (done != null) query.put("done", done);
        return HttpApiFunction.request(ApiEvents.withQuery(event, query));
    }

    @Test
    void givenTheResultPageOfAChangeThatWasMade_whenItCannotBeDrawn_thenItSaysTheChangeIsSavedNotThatNothingChanged() {
        for (String done : new String[] {"reopen", "correct-outcome", "erase", "confirm"}) {
            HttpAnswer response = FAILING.routes.answer(get("manage", done));
            assertEquals(200, response.status(), done);
            assertTrue(response.body().contains("Ändringen är sparad."), response.body());
            assertFalse(response.body().contains("Inget har ändrats"), response.body());
        }
        for (String page : new String[] {"feedback", "impact"}) {
            HttpAnswer thanks = FAILING.routes.answer(get(page, "1"));
            assertEquals(200, thanks.status(), page);
            assertFalse(thanks.body().contains("Nothing was changed") || thanks.body().contains("Inget har ändrats"), thanks.body());
        }
        HttpAnswer visitor = FAILING.routes.answer(get("visit", "erase"));
        assertEquals(200, visitor.status());
        assertFalse(visitor.body().contains("Nothing was changed") || visitor.body().contains("Inget har ändrats"),
                visitor.body());
    }

    // ---- the answer to the post that made the change ----

    private static final LinkSigner SIGNER = new LinkSigner("done-page-test-secret-of-32-bytes!!".getBytes(StandardCharsets.UTF_8));
    private static final LocalDate TODAY = LocalDate.ofInstant(CLOCK.instant(), ZoneId.of("Europe/Stockholm"));

    /**
     * The functions' own pages over a store with one submitted booking, whose page clock fails as soon as the change
     * is stored: whatever the answer draws after the commit (the new state as JSON here) fails, as a bug or a
     * missing word would.
     */
    private static final class FailsAfterTheCommit {
        final InMemoryBookingCaseRepository stored = new InMemoryBookingCaseRepository();
        final Booking booking = new Booking("b-1", "UME-7K3QF", BookingStatus.SUBMITTED, CLOCK.instant().minusSeconds(86_400),
                BookingRequestParser.parse(BookingJson.valid(TODAY), TODAY).request().orElseThrow());
        final ManageBookingHttp http;

        FailsAfterTheCommit() {
            stored.put(new BookingCase(booking, 1, Workflow.empty(), "sent"));
            FollowUpPlan plan = new FollowUpPlan(WorkingDays.sweden());
            CaseService cases = new CaseService(stored, SIGNER, plan, (c, notice) -> true, CLOCK);
            VisitorService visitors = new VisitorService(stored, cases, plan, WorkingDays.sweden(), new NoMail(), CLOCK);
            Clock pageClock = new Clock() {
                @Override public Instant instant() {
                    if (stored.load("b-1").orElseThrow().version() > 1) throw new IllegalStateException("drawing fails after the commit");
                    return CLOCK.instant();
                }
                @Override public ZoneId getZone() { return ZoneOffset.UTC; }
                @Override public Clock withZone(ZoneId zone) { return this; }
            };
            http = new ManageBookingHttp(base -> new ManageBookingHttp.ServiceSet(cases, visitors, null),
                    "https://booking.example.org", Language.SV, pageClock);
        }

        HttpAnswer post(String page, LinkSigner.Purpose purpose, String json) {
            String token = SIGNER.sign(new LinkSigner.Claims(purpose, "b-1", booking.node(), CLOCK.instant().plus(Duration.ofDays(90))));
            APIGatewayV2HTTPEvent event = ApiEvents.withBody(ApiEvents.forBooking("manage-action-json.json", "b-1", token), json, false);
            String path = "/bookings/b-1/" + page;
            event.setRawPath(path);
            event.getRequestContext().getHttp().setPath(path);
            return http.routes.answer(HttpApiFunction.request(event));
        }
    }

    @Test
    void givenACoordinatorsChangeThatWasStored_whenItsAnswerCannotBeDrawn_thenTheAnswerSaysItWasDoneNotThatNothingChanged() {
        FailsAfterTheCommit site = new FailsAfterTheCommit();
        HttpAnswer answer = site.post("actions", LinkSigner.Purpose.MANAGE, "{\"action\": \"acknowledge\"}");
        // The change is there: the store was written (and so the failure came after it).
        assertEquals(BookingStatus.ACKNOWLEDGED, site.stored.load("b-1").orElseThrow().status());
        assertEquals(200, answer.status(), answer.body());
        var body = Json.parse(answer.body());
        assertTrue(body.path("saved").asBoolean(), answer.body());
        assertEquals("acknowledge", body.path("action").asText());
        assertTrue(body.path("message").asText().startsWith(PageWords.of(Language.SV).get("done.acknowledge")), answer.body());
        assertFalse(answer.body().contains("Inget har ändrats"), answer.body());
    }

    @Test
    void givenAVisitorsChangeThatWasStored_whenItsAnswerCannotBeDrawn_thenTheAnswerSaysItWasDoneNotThatNothingChanged() {
        FailsAfterTheCommit site = new FailsAfterTheCommit();
        HttpAnswer answer = site.post("visit", LinkSigner.Purpose.VISITOR, "{\"action\": \"cancel\", \"reason\": \"Our trip is off.\"}");
        assertEquals(BookingStatus.CANCELLED, site.stored.load("b-1").orElseThrow().status(), answer.status() + " " + answer.body());
        assertEquals(200, answer.status(), answer.body());
        PageWords w = PageWords.of(site.booking.language());
        assertTrue(Json.parse(answer.body()).path("message").asText().startsWith(w.get("visit.done.cancel")), answer.body());
    }

    @Test
    void givenAnyAnswerAfterAChange_whenItFails_thenABrowserGetsAPageThatSaysWhatWasDone() {
        HttpRequest browser = get("manage", null);
        for (Language language : Language.values()) {
            PageWords w = PageWords.of(language);
            HttpAnswer page = Problems.committed(browser, true, w, "reopen", "done.reopen", () -> {
                throw new IllegalStateException("the redirect cannot be made");
            });
            assertEquals(200, page.status());
            assertTrue(page.body().contains(w.get("done.reopen")) && page.body().contains(w.get("done.unshown")), page.body());
            assertTrue(page.body().contains("lang=\"" + language.code() + "\""), page.body());
            // Words missing too: the truthful generic text, still not an error.
            HttpAnswer unknown = Problems.committed(browser, false, w, "nothing-known", "done.nothing-known", () -> {
                throw new IllegalStateException("the state cannot be drawn");
            });
            assertEquals(200, unknown.status());
            assertTrue(Json.parse(unknown.body()).path("message").asText().startsWith(w.get("done.generic")), unknown.body());
        }
    }

    /** The mails to the coordinators, not looked at here: each goes. */
    private static final class NoMail implements SelfServiceMails {
        @Override public boolean visitorChanged(BookingCase before, BookingCase after, String action, String note, Instant now) {
            return true;
        }

        @Override public boolean feedbackGiven(BookingCase withFeedback, Instant now) {
            return true;
        }

        @Override public String calendar(BookingCase confirmed) {
            return "";
        }
    }

    @Test
    void givenAPageWithoutADoneResult_whenItCannotBeDrawn_thenItIsStillATemporaryError() {
        HttpAnswer response = FAILING.routes.answer(get("manage", null));
        assertEquals(503, response.status());
        assertTrue(response.body().contains("Inget har ändrats"), response.body());
    }
}
