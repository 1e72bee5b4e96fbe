package se.smartcitysweden.booking.notification;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingRequest.Contact;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;

/**
 * Writes the two e-mails of a new booking: the full request to the node's coordinators (in
 * their language, Reply-To the visitor) and the acknowledgement to the visitor (in the
 * booking's language, Reply-To the coordinators).
 */
public final class BookingMails {
    private final Mailbox sender;
    private final CoordinatorDirectory directory;
    private final BookingLinks links;
    private final Language coordinatorLanguage;
    private final PrivacyNotice privacy;

    public BookingMails(Mailbox sender, CoordinatorDirectory directory, BookingLinks links, Language coordinatorLanguage) {
        this(sender, directory, links, coordinatorLanguage, PrivacyNotice.defaults(links));
    }

    public BookingMails(Mailbox sender, CoordinatorDirectory directory, BookingLinks links, Language coordinatorLanguage,
                        PrivacyNotice privacy) {
        this.sender = sender;
        this.directory = directory;
        this.links = links;
        this.coordinatorLanguage = coordinatorLanguage;
        this.privacy = privacy;
    }

    public EmailMessage toCoordinators(Booking booking, Instant now) {
        MailWords words = new MailWords(coordinatorLanguage);
        BookingRequest request = booking.request();
        Contact contact = request.contact();
        String who = contact.organisation().isEmpty() ? contact.name() : contact.name() + ", " + contact.organisation();
        String subject = words.format("coordinator.subject", booking.reference(), who, request.expectedParticipants());
        String manage = links.manage(booking, now);
        Map<String, Object> context = details(booking, words);
        context.put("subject", subject);
        context.put("intro", words.format("coordinator.intro", booking.node().city(), words.dateTime(booking.createdAt())));
        context.put("t", merged(words.prefix("label."), words.prefix("coordinator.")));
        context.put("privacy", privacy.context(words));
        context.put("links", Map.of("manage", manage, "acknowledge", manage + "&action=acknowledge",
                "confirm", manage + "&action=confirm", "decline", manage + "&action=decline"));
        return new EmailMessage(sender, directory.coordinators(booking.node()), directory.copyOnNewBooking(booking.node()),
                Optional.of(new Mailbox(contact.name(), contact.email())), subject,
                MailTemplates.text("coordinator", context), MailTemplates.html("coordinator", context), List.of());
    }

    public EmailMessage toVisitor(Booking booking) {
        MailWords words = new MailWords(booking.language());
        BookingRequest request = booking.request();
        String subject = words.format("visitor.subject", booking.reference());
        Map<String, Object> context = details(booking, words);
        context.put("subject", subject);
        context.put("greeting", words.format("visitor.greeting", request.contact().name()));
        context.put("thanks", words.format("visitor.thanks", booking.node().city()));
        context.put("referenceLine", words.format("visitor.reference", booking.reference()));
        context.put("next", words.format("visitor.next", booking.node().city()));
        context.put("visitorPage", Map.of("label", words.get("link.visitor"), "url", links.visitor(booking, booking.createdAt())));
        context.put("t", merged(words.prefix("label."), words.prefix("visitor.")));
        context.put("privacy", privacy.context(words));
        List<Mailbox> cc = request.organiser().map(o -> List.of(new Mailbox(o.name(), o.email()))).orElse(List.of());
        List<Mailbox> coordinators = directory.coordinators(booking.node());
        return new EmailMessage(sender, List.of(new Mailbox(request.contact().name(), request.contact().email())), cc,
                Optional.of(coordinators.get(0)), subject,
                MailTemplates.text("visitor", context), MailTemplates.html("visitor", context), List.of());
    }

    /**
     * The booking's fields as (label, value) rows in reading order, and its participants: the
     * template context the e-mails and the coordinator's page share ({@code details.*.mustache}).
     */
    public static Map<String, Object> details(Booking booking, MailWords words) {
        BookingRequest request = booking.request();
        List<Map<String, Object>> rows = new ArrayList<>();
        row(rows, words.get("label.reference"), booking.reference());
        row(rows, words.get("label.node"), booking.node().city());
        row(rows, words.get("label.submittedAt"), words.dateTime(booking.createdAt()));
        row(rows, words.get("label.language"), words.choices().language(request.language()));
        row(rows, words.get("label.mainGoal"), words.choices().mainGoal(request.mainGoal()));
        row(rows, words.get("label.purpose"), request.purpose());
        row(rows, words.get("label.focusAreas"), request.focusAreas().stream()
                .map(words.choices()::focusArea).collect(Collectors.joining(", ")));
        row(rows, words.get("label.focusDescription"), request.focusDescription());
        // Only what the visitor answered: a question left blank is no row, not a "no".
        request.meetCompanies().ifPresent(answer ->
                row(rows, words.get("label.meetCompanies"), words.get(answer ? "label.yes" : "label.no")));
        row(rows, words.get("label.companyTypes"), request.companyTypes());
        row(rows, words.get("label.specialRequests"), request.specialRequests());
        row(rows, words.get("label.preferredDates"), request.preferredDates().stream()
                // One day is said once, not as "Tuesday 16 March – Tuesday 16 March (1 day)".
                .map(range -> range.from().equals(range.to()) ? words.date(range.from())
                        : words.date(range.from()) + " – " + words.date(range.to()) + " ("
                        + words.format("label.days", ChronoUnit.DAYS.between(range.from(), range.to()) + 1) + ")")
                .collect(Collectors.joining("\n")));
        row(rows, words.get("label.expectedParticipants"), Integer.toString(request.expectedParticipants()));
        Contact c = request.contact();
        row(rows, words.get("label.contact"), lines(c.name(), c.organisation(), c.email(), c.phone(), words.country(c.country())));
        request.organiser().ifPresent(o -> row(rows, words.get("label.organiser"), lines(o.name(), o.organisation(), o.email())));
        row(rows, words.get("label.message"), request.message());

        List<Map<String, Object>> participants = new ArrayList<>();
        int number = 1;
        for (Participant p : request.participants()) {
            participants.add(Map.of("number", number++, "name", p.name(), "organisation", p.organisation(),
                    "role", p.role(), "email", p.email(), "country", words.country(p.country())));
        }
        Map<String, Object> context = new HashMap<>();
        context.put("lang", words.language().code());
        context.put("reference", booking.reference());
        context.put("rows", rows);
        context.put("participants", participants);
        context.put("hasParticipants", !participants.isEmpty());
        context.put("participantCount", participants.size());
        return context;
    }

    private static void row(List<Map<String, Object>> rows, String label, String value) {
        if (value != null && !value.isBlank()) rows.add(Map.of("label", label, "value", value));
    }

    private static String lines(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) if (part != null && !part.isBlank()) present.add(part);
        return String.join("\n", present);
    }

    private static Map<String, Object> merged(Map<String, Object> first, Map<String, Object> second) {
        Map<String, Object> all = new HashMap<>(first);
        all.putAll(second);
        return all;
    }
}
