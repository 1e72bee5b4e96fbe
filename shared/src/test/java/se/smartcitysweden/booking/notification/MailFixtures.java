package se.smartcitysweden.booking.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.function.Consumer;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.testing.BookingJson;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.workflow.CoordinatorAction;
import se.smartcitysweden.booking.workflow.Transitions;

/** Test data for the e-mails: a booking, the mail writers, and a case moved by coordinator actions. */
final class MailFixtures {
    static final Instant NOW = Instant.parse("2027-01-10T08:00:00Z");
    private static final Actor UMEA = Actor.coordinator(se.smartcitysweden.booking.domain.Node.UMEA);
    static final LocalDate TODAY = LocalDate.parse("2027-01-10");
    static final LinkSigner SIGNER = new LinkSigner("mail-fixtures-test-secret-of-32-bytes!".getBytes(StandardCharsets.UTF_8));
    static final BookingLinks LINKS = new BookingLinks("https://visits.example.org", SIGNER);
    static final CoordinatorDirectory DIRECTORY = CoordinatorDirectory.parse("""
            {"nodes": {"stockholm": ["sto@example.org"], "goteborg": ["gbg@example.org"], "malmo": ["mmo@example.org"],
                       "borlange": ["blg@example.org"], "linkoping": ["lkp@example.org"], "umea": ["ume@example.org"]},
             "nationalOffice": ["national@example.org"], "copyNationalOffice": []}""");
    static final Mailbox SENDER = Mailbox.sender("bookings@example.org");

    private MailFixtures() { }

    static Booking booking(Language language) {
        return booking(body -> body.put("language", language.code()));
    }

    static Booking booking(Consumer<ObjectNode> change) {
        ObjectNode body = BookingJson.valid(TODAY);
        change.accept(body);
        return new Booking("b-42", "UME-7K3QF", BookingStatus.SUBMITTED, NOW,
                BookingRequestParser.parse(body, TODAY).request().orElseThrow());
    }

    static CaseMails caseMails(Language coordinatorLanguage) {
        return new CaseMails(SENDER, DIRECTORY, LINKS, coordinatorLanguage);
    }

    static BookingMails bookingMails(Language coordinatorLanguage) {
        return new BookingMails(SENDER, DIRECTORY, LINKS, coordinatorLanguage);
    }

    static BookingCase submitted(Booking booking) {
        return new BookingCase(booking, 1, Workflow.empty(), "sent");
    }

    /** The case after the coordinator's action, as the manage page stores it. */
    static BookingCase after(BookingCase current, CoordinatorAction action, Instant at) {
        Transitions.Result result = Transitions.apply(current, action, UMEA, at);
        BookingCase next = ((Transitions.Result.Applied) result).after();
        return new BookingCase(next.booking(), next.version() + 1, next.workflow(), next.notification());
    }

    static String ics(EmailMessage message) {
        return message.attachments().stream().filter(a -> a.contentType().startsWith("text/calendar")).findFirst()
                .map(a -> new String(a.content(), StandardCharsets.UTF_8)).orElseThrow(() -> new AssertionError("no .ics"));
    }

    /** The value of a property of the .ics (its content line unfolded), e.g. {@code property(ics, "SEQUENCE")}. */
    static String property(String ics, String name) {
        String unfolded = ics.replace("\r\n ", "");
        for (String line : unfolded.split("\r\n")) {
            if (line.startsWith(name + ":") || line.startsWith(name + ";")) return line.substring(line.indexOf(':') + 1);
        }
        throw new AssertionError("no " + name + " in\n" + ics);
    }
}
