package se.smartcitysweden.booking.links;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

class BookingLinksTest {
    private static final LocalDate TODAY = LocalDate.parse("2027-01-10");
    private static final BookingLinks API_ONLY = new BookingLinks("https://visits.example.org/",
            new LinkSigner("booking-links-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8)));
    /** The deployment names the form's national page (BOOKING_FORM_URL): the form's host, not the API. */
    private static final BookingLinks LINKS = API_ONLY.withBookingForm("https://form.example.org/national.html");

    private static Booking booking(String node, String language) {
        ObjectNode body = BookingJson.valid(TODAY);
        body.put("node", node).put("language", language);
        return new Booking("b-1", "GBG-7K3QF", BookingStatus.SUBMITTED, Instant.parse("2027-01-10T08:00:00Z"),
                BookingRequestParser.parse(body, TODAY).request().orElseThrow());
    }

    /** "Send a new visit request" lands where the place is a choice (not "/", the Umeå page), with it chosen. */
    @Test
    void theFormToAskAgainIsTheNationalPageWithTheNodeAndLanguage() {
        assertEquals("https://form.example.org/national.html?node=goteborg&lang=en", LINKS.bookingForm(booking("goteborg", "en")).orElseThrow());
        assertEquals("https://form.example.org/national.html?node=umea&lang=sv", LINKS.bookingForm(booking("umea", "sv")).orElseThrow());
        assertEquals("https://site.example.org/boka?x=1&node=umea&lang=sv", API_ONLY.withBookingForm("https://site.example.org/boka?x=1")
                .bookingForm(booking("umea", "sv")).orElseThrow());
    }

    /** The API serves no form: without a form page there is no link (the mail still says a new request is welcome). */
    @Test
    void withoutAFormPageThereIsNoLink() {
        assertTrue(API_ONLY.bookingForm(booking("umea", "sv")).isEmpty());
        assertTrue(API_ONLY.withBookingForm(" ").bookingForm(booking("umea", "sv")).isEmpty());
    }

    /** The page the link names is one the local runtime serves from web/ (as the form's host does). */
    @Test
    void theLinkedPageExistsInWeb() {
        String page = URI.create(LINKS.bookingForm(booking("malmo", "en")).orElseThrow()).getPath();
        Path web = Path.of("..", "web").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(web.resolve(page.substring(1))), web + page);
    }
}
