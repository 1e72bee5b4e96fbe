package se.smartcitysweden.booking.manage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** TEMPORARY: writes pages to /tmp/manage-preview for a look in a browser. */
class PagePreviewIT {
    @Test
    void preview() throws Exception {
        ManageBookingHandlerIT it = new ManageBookingHandlerIT();
        it.freshAws();
        var f = ManageBookingHandlerIT.class.getDeclaredField("handler");
        f.setAccessible(true);
        ManageBookingHandler handler = (ManageBookingHandler) f.get(it);
        LocalDate today = LocalDate.of(2026, 11, 27);
        ObjectNode body = BookingJson.valid(today);
        body.putArray("participants").addObject().put("name", "Ana Souza").put("organisation", "City of Porto")
                .put("role", "Planner").put("email", "ana.souza@example.org").put("country", "PT");
        ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("participants")).addObject().put("name", "João Ferreira")
                .put("organisation", "Porto Energy Agency").put("role", "Director").put("email", "joao@example.pt").put("country", "PT");
        body.putObject("organiser").put("name", "Åke Agent").put("email", "agent@tours.example").put("organisation", "Nordic Tours");
        var request = BookingRequestParser.parse(body, today).request().orElseThrow();
        Booking b = new Booking(UUID.randomUUID().toString(), "UME-7K3P", BookingStatus.SUBMITTED,
                Instant.parse("2026-11-27T09:00:00Z"), request);
        var dynamo = se.smartcitysweden.booking.localaws.LocalAws.shared().clients().dynamoDb();
        new DynamoDbBookingRepository(dynamo, se.smartcitysweden.booking.localaws.LocalAws.shared().physicalName("BookingTable"))
                .create(b, Optional.empty());
        var signerField = ManageBookingHandlerIT.class.getDeclaredField("SIGNER");
        signerField.setAccessible(true);
        LinkSigner signer = (LinkSigner) signerField.get(null);
        String token = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, b.id(), b.node(), Instant.parse("2027-06-01T00:00:00Z")));
        String fb = signer.sign(new LinkSigner.Claims(LinkSigner.Purpose.FEEDBACK, b.id(), b.node(), Instant.parse("2027-06-01T00:00:00Z")));
        Path dir = Files.createDirectories(Path.of("/tmp/manage-preview"));
        var page = ApiEvents.forBooking("manage-page.json", b.id(), token);
        Files.writeString(dir.resolve("1-submitted-confirm.html"), handler.handleRequest(page, null).getBody());
        var bad = ApiEvents.withBody(ApiEvents.forBooking("manage-action-form.json", b.id(), token), "action=decline&reason=", true);
        Files.writeString(dir.resolve("2-decline-error.html"), handler.handleRequest(bad, null).getBody());
        var ack = ApiEvents.withBody(ApiEvents.forBooking("manage-action-form.json", b.id(), token), "action=acknowledge", true);
        Files.writeString(dir.resolve("3-acknowledged.html"), handler.handleRequest(ack, null).getBody());
        var conf = ApiEvents.withBody(ApiEvents.forBooking("manage-action-form.json", b.id(), token),
                "action=confirm&date=2027-01-26&endDate=2027-01-28", true);
        Files.writeString(dir.resolve("4-confirmed.html"), handler.handleRequest(conf, null).getBody());
        var comp = ApiEvents.withBody(ApiEvents.forBooking("manage-action-form.json", b.id(), token), "action=complete", true);
        Files.writeString(dir.resolve("5-completed.html"), handler.handleRequest(comp, null).getBody());
        var fbPost = ApiEvents.forBooking("manage-feedback-form.json", b.id(), fb);
        handler.handleRequest(fbPost, null);
        var outcome = ApiEvents.forBooking("manage-action-form.json", b.id(), token);
        Files.writeString(dir.resolve("6-followed-up.html"), handler.handleRequest(outcome, null).getBody());
        Files.writeString(dir.resolve("7-feedback.html"), handler.handleRequest(ApiEvents.forBooking("manage-feedback-page.json", b.id(), fb), null).getBody());
        var fbBad = ApiEvents.withBody(ApiEvents.forBooking("manage-feedback-form.json", b.id(), fb), "comment=hi", true);
        Files.writeString(dir.resolve("8-feedback-error.html"), handler.handleRequest(fbBad, null).getBody());
        Files.writeString(dir.resolve("9-forbidden.html"), handler.handleRequest(ApiEvents.forBooking("manage-page.json", b.id(), "x"), null).getBody());
        Files.writeString(dir.resolve("10-thanks.html"), handler.handleRequest(ApiEvents.forBooking("manage-feedback-form.json", b.id(), fb), null).getBody());
    }
}
