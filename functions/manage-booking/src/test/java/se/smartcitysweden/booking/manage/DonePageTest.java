package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.*;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.lambda.HttpApiFunction;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.web.HttpAnswer;
import se.smartcitysweden.booking.web.HttpRequest;

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

    @Test
    void givenAPageWithoutADoneResult_whenItCannotBeDrawn_thenItIsStillATemporaryError() {
        HttpAnswer response = FAILING.routes.answer(get("manage", null));
        assertEquals(503, response.status());
        assertTrue(response.body().contains("Inget har ändrats"), response.body());
    }
}
