package se.smartcitysweden.booking.localruntime;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import se.smartcitysweden.booking.console.web.SignInMail;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingRequest.Contact;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;
import se.smartcitysweden.booking.domain.BookingRequest.Organiser;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.overview.NationalDigest;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.workflow.CoordinatorAction;
import se.smartcitysweden.booking.workflow.Transitions;

/**
 * Every kind of e-mail the system sends, in each language, drawn from sample bookings by the very
 * classes that write the mails that are sent (BookingMails, CaseMails, NationalDigest, SignInMail):
 * what {@code /_local/gallery} shows and what MailGalleryTest walks.
 *
 * <p>An entry's {@code kind} is the mail's subject key in {@code Mail_<lang>.properties} without
 * ".subject" (the console's sign-in mail: "console.mail"), so a test can tell a new kind that has
 * no entry. Pages get a gallery of their own beside this one (see {@link GalleryPages}).
 */
public final class MailGallery {
    /** Who reads a mail: a visitor's mail must carry their booking page's link. */
    public enum Reader { VISITOR, COORDINATOR, NATIONAL_OFFICE, CONSOLE_USER }

    /** One mail of the gallery: its kind, language, the sample it is drawn from, and how to draw it. */
    public record Entry(String kind, Language language, String sample, Reader reader, Supplier<EmailMessage> render) {
        /** The anchor of this entry on the gallery page. */
        public String id() {
            return (kind + "-" + sample + "-" + language.code()).replaceAll("[^A-Za-z0-9-]+", "-");
        }
    }

    /** The moment the samples are drawn at: a Monday morning. */
    static final Instant NOW = Instant.parse("2027-03-01T08:00:00Z");
    static final Instant CREATED = Instant.parse("2027-02-22T09:14:00Z");
    static final LocalDate VISIT = LocalDate.parse("2027-03-09");
    static final Mailbox SENDER = Mailbox.sender("bookings@smartcitysweden.example");
    static final BookingLinks LINKS = new BookingLinks("https://visits.smartcitysweden.example",
            new LinkSigner("the-local-gallery-signs-with-this-32-byte-key".getBytes(StandardCharsets.UTF_8)))
            .withBookingForm("https://www.smartcitysweden.example/national.html");
    static final CoordinatorDirectory DIRECTORY = CoordinatorDirectory.parse("""
            {"nodes": {"stockholm": ["sto@smartcitysweden.example"], "goteborg": ["gbg@smartcitysweden.example"],
                       "malmo": ["mmo@smartcitysweden.example"], "borlange": ["blg@smartcitysweden.example"],
                       "linkoping": ["lkp@smartcitysweden.example"],
                       "umea": {"coordinators": [{"email": "ume@smartcitysweden.example", "name": "Ulla Nord"},
                                                 {"email": "ume-2@smartcitysweden.example", "name": "Erik Strand"}],
                                 "visits": {"meetingPlace": "Umeå Energi, Storgatan 34, 903 26 Umeå",
                                            "mapUrl": "https://www.openstreetmap.org/search?query=Storgatan%2034%20Ume%C3%A5",
                                            "host": {"name": "Anna Lindqvist", "phone": "+46 90 16 10 00",
                                                     "email": "anna.lindqvist@umea.example"},
                                            "dayStart": "09:30", "dayEnd": "16:00"}}},
             "nationalOffice": [{"email": "national@smartcitysweden.example", "name": "Nina Sand"}], "copyNationalOffice": []}""");
    private static final Actor COORDINATOR = Actor.coordinator(Node.UMEA);

    private MailGallery() { }

    /** Every entry: each kind and sample in Swedish and in English. */
    public static List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (Language language : List.of(Language.SV, Language.EN)) {
            // The visitor's mails are in the booking's language; the staff's in the coordinators' language.
            BookingMails bookingMails = new BookingMails(SENDER, DIRECTORY, LINKS, language);
            CaseMails mails = new CaseMails(SENDER, DIRECTORY, LINKS, language);
            Samples s = new Samples(language);
            List<Entry> l = new ArrayList<>();
            l.add(new Entry("visitor", language, "with organiser copy", Reader.VISITOR, () -> bookingMails.toVisitor(s.booking)));
            l.add(new Entry("coordinator", language, "new request", Reader.COORDINATOR, () -> bookingMails.toCoordinators(s.booking, NOW)));
            for (int step = 1; step <= 3; step += 2) {
                int n = step;
                l.add(new Entry("reminder", language, "step " + n, Reader.COORDINATOR, () -> mails.unansweredReminder(s.submitted, n, NOW)));
            }
            l.add(new Entry("takenover", language, "to the national office", Reader.NATIONAL_OFFICE, () -> mails.takenOver(s.submitted, NOW)));
            l.add(new Entry("takenovernotice", language, "to the visitor", Reader.VISITOR, () -> mails.takenOverNotice(s.submitted)));
            l.add(new Entry("lapsed", language, "dates passed, to the node", Reader.COORDINATOR, () -> mails.lapsed(s.submitted, NOW)));
            l.add(new Entry("lapsednotice", language, "dates passed, to the visitor", Reader.VISITOR, () -> mails.lapsedNotice(s.submitted)));
            l.add(new Entry("confirmation", language, "with start, place and host", Reader.VISITOR, () -> mails.confirmation(s.confirmed)));
            l.add(new Entry("confirmation.changed", language, "moved", Reader.VISITOR, () -> mails.confirmation(s.moved)));
            l.add(new Entry("confirmation", language, "without a plan yet", Reader.VISITOR, () -> mails.confirmation(s.unplanned)));
            l.add(new Entry("planchanged", language, "time and place changed", Reader.VISITOR, () -> mails.planChanged(s.replanned)));
            l.add(new Entry("hostinvite", language, "to the node's coordinators", Reader.COORDINATOR, () -> mails.hostInvitation(s.confirmed, false, NOW)));
            l.add(new Entry("hostinvite.cancel", language, "to the node's coordinators", Reader.COORDINATOR, () -> mails.hostInvitation(s.cancelledByCoordinator, true, NOW)));
            l.add(new Entry("decline", language, "with reason", Reader.VISITOR, () -> mails.decline(s.declined)));
            l.add(new Entry("reopened", language, "decline undone", Reader.VISITOR, () -> mails.reopened(s.reopened)));
            l.add(new Entry("newlink", language, "the visitor's page", Reader.VISITOR, () -> mails.newLink(s.submitted, LinkSigner.Purpose.VISITOR, NOW)));
            l.add(new Entry("newlink", language, "the manage page", Reader.COORDINATOR, () -> mails.newLink(s.submitted, LinkSigner.Purpose.MANAGE, NOW)));
            l.add(new Entry("cancel", language, "by the coordinator, confirmed visit", Reader.VISITOR, () -> mails.cancellation(s.cancelledByCoordinator)));
            l.add(new Entry("cancel", language, "by the visitor, before confirmation", Reader.VISITOR, () -> mails.cancellation(s.cancelledByVisitor)));
            l.add(new Entry("prepare", language, "a week before", Reader.COORDINATOR, () -> mails.prepareVisit(s.confirmed, VISIT.minusDays(7).atStartOfDay(Booking.SWEDISH_TIME).toInstant())));
            l.add(new Entry("practical", language, "a week before", Reader.VISITOR, () -> mails.practicalInformation(s.confirmed, VISIT.minusDays(7).atStartOfDay(Booking.SWEDISH_TIME).toInstant())));
            l.add(new Entry("visitdone", language, "the day after", Reader.COORDINATOR, () -> mails.visitDone(s.confirmed, s.after(1))));
            l.add(new Entry("thanks", language, "after the visit", Reader.VISITOR, () -> mails.thanks(s.completed, s.after(1))));
            l.add(new Entry("outcome", language, "two weeks after", Reader.COORDINATOR, () -> mails.outcomeMissing(s.completed, s.after(14))));
            l.add(new Entry("impact", language, "6 months", Reader.VISITOR, () -> mails.impactSurvey(s.completed, 6, false, s.after(183))));
            l.add(new Entry("impact.reminder", language, "12 months", Reader.VISITOR, () -> mails.impactSurvey(s.completed, 12, true, s.after(380))));
            l.add(new Entry("unreachable", language, "bounce", Reader.COORDINATOR, () -> mails.contactUnreachable(s.submitted, false, NOW)));
            l.add(new Entry("unreachable", language, "complaint", Reader.COORDINATOR, () -> mails.contactUnreachable(s.submitted, true, NOW)));
            l.add(new Entry("selfservice.cancel", language, "with reason", Reader.COORDINATOR, () -> mails.visitorChanged(s.submitted, s.cancelledByVisitor, "cancel", s.words.visitorReason, NOW)));
            l.add(new Entry("selfservice.other-dates", language, "with message, confirmed visit", Reader.COORDINATOR, () -> mails.visitorChanged(s.confirmed, s.otherDates, "other-dates", s.words.otherDatesMessage, NOW)));
            l.add(new Entry("selfservice.participants", language, "one editing session, mailed after the quiet spell", Reader.COORDINATOR,
                    () -> mails.participantsSession(s.participantsSession, 1, NOW.plusSeconds(2400))));
            l.add(new Entry("selfservice.feedback", language, "with comment", Reader.COORDINATOR, () -> mails.feedbackGiven(s.withFeedback, s.after(2))));
            l.add(new Entry("digest", language, "weekly", Reader.NATIONAL_OFFICE, () -> new NationalDigest(s.repository(), mails).mail("2027-W09", NOW)));
            l.add(new Entry("console.mail", language, "sign-in link", Reader.CONSOLE_USER, () -> SignInMail.preview(language, SENDER,
                    "anna.lindqvist@umea.example", "https://visits.smartcitysweden.example/console/signin?token=sample-one-time-token")));
            all.addAll(l);
        }
        return List.copyOf(all);
    }

    /** A visitor's words in their language (what they typed in the form and on their page). */
    record Words(String purpose, String focus, String companyTypes, String special, String message, String role,
                         String declineReason, String cancelReason, String visitorReason, String otherDatesMessage,
                         String feedback, String place, String outcome) {
        static Words of(Language language) {
            return language == Language.SV
                    ? new Words("Vi vill se hur Umeå planerar fjärrvärme och cykelstråk i en växande stad.",
                            "Energi i kalla klimat och hållbara resor.", "Energibolag och konsulter inom stadsplanering",
                            "En deltagare använder rullstol.", "Vi kommer med tåg från Stockholm dagen innan.", "Stadsplanerare",
                            "Alla värdar är upptagna av en konferens den veckan.", "Lokalen är inte tillgänglig den dagen.",
                            "Vår resa har ställts in av kommunstyrelsen.", "Passar veckan efter bättre för oss?",
                            "Mycket lärorikt, tack!", "Umeå Energi, Storgatan 34, Umeå", "Mötte två företag.")
                    : new Words("We want to see how Umeå plans district heating and cycle routes in a growing city.",
                            "Energy in cold climates and sustainable transport.", "Energy companies and urban planning consultants",
                            "One participant uses a wheelchair.", "We arrive by train from Stockholm the day before.", "Urban planner",
                            "All hosts are at a conference that week.", "The venue is not available that day.",
                            "Our trip was called off by the city council.", "Would the week after suit you better?",
                            "Very instructive, thank you!", "Umeå Energi, Storgatan 34, Umeå", "Met two companies.");
        }
    }

    /** The coordinator's words in a visit plan, in the booking's language (what the visitor reads). */
    record PlanWords(String programme, String notes, String newPlace) {
        static PlanWords of(Language language) {
            return language == Language.SV
                    ? new PlanWords("09:30 Välkomna och presentation av Smart City Umeå\n11:00 Besök i fjärrvärmeverket\n"
                            + "12:30 Lunch\n14:00 Cykelstråken längs älven", "Ta med legitimation till passerkorten. Lunch ingår. "
                            + "Säg till oss om du inte vill synas på bild.", "Väven, Storgatan 46A, Umeå (huvudentrén)")
                    : new PlanWords("09:30 Welcome and introduction to Smart City Umeå\n11:00 Visit to the district heating plant\n"
                            + "12:30 Lunch\n14:00 The cycle routes along the river", "Bring an ID for the visitor badges. Lunch is "
                            + "included. Tell us if you do not wish to appear in photos.", "Väven, Storgatan 46A, Umeå (main entrance)");
        }
    }

    /** The sample bookings of one language, moved through their lives by the workflow's own transitions (the page gallery's too). */
    static final class Samples {
        final Words words;
        final Booking booking;
        final BookingCase unplanned, replanned;
        final BookingCase submitted, confirmed, moved, declined, reopened, cancelledByCoordinator, cancelledByVisitor,
                completed, otherDates, moreParticipants, withFeedback, participantsSession;

        Samples(Language language) {
            words = Words.of(language);
            List<Participant> participants = List.of(
                    new Participant("Ingrid Sørensen", "Aarhus Kommune", words.role, "ingrid@aarhus.example", "DK"),
                    new Participant("Mikkel Bach-Andersen", "Aarhus Kommune, Teknik og Miljø", "", "mikkel.bach-andersen@aarhus.example", "DK"),
                    new Participant("Lars Holm", "", "", "", ""));
            BookingRequest request = new BookingRequest(Node.UMEA, language, MainGoal.LEARNING, words.purpose,
                    List.of(FocusArea.ENERGY, FocusArea.SUSTAINABLE_TRANSPORT, FocusArea.URBAN_PLANNING), words.focus,
                    Optional.of(true), words.companyTypes, words.special,
                    List.of(new DateRange(VISIT, VISIT.plusDays(1)), new DateRange(VISIT.plusDays(7), VISIT.plusDays(7))), 6,
                    participants, new Contact("Mette Jensen", "mette.jensen@aarhus.example", "+45 89 40 20 00", "Aarhus Kommune", "DK"),
                    Optional.of(new Organiser("Nordisk Studieresor", "resor@nordiskstudieresor.example", "Nordisk Studieresor ApS")),
                    words.message);
            booking = new Booking("b-gallery-" + language.code(), "UME-7K3QF", BookingStatus.SUBMITTED, CREATED, request);
            submitted = new BookingCase(booking, 1, Workflow.empty(), "sent");
            unplanned = apply(submitted, new CoordinatorAction.Confirm(VISIT, VISIT), NOW);
            // Confirmed as the page does it: the node's usual visit, with the programme and notes added.
            VisitPlan plan = VisitPlan.from(DIRECTORY.visitDefaults(Node.UMEA), VISIT, VISIT);
            plan = new VisitPlan(plan.hours(), words.place, plan.mapUrl(), plan.hostName(), plan.hostPhone(), plan.hostEmail(),
                    PlanWords.of(language).programme(), PlanWords.of(language).notes());
            confirmed = apply(submitted, new CoordinatorAction.Confirm(VISIT, VISIT, Optional.of(plan)), NOW);
            replanned = apply(confirmed, new CoordinatorAction.UpdatePlan(new VisitPlan(
                    List.of(new VisitPlan.DayHours(VISIT, LocalTime.of(10, 0), LocalTime.of(15, 30))), PlanWords.of(language).newPlace(), "",
                    plan.hostName(), plan.hostPhone(), plan.hostEmail(), plan.programme(), plan.notes())), NOW.plusSeconds(1800));
            moved = apply(confirmed, new CoordinatorAction.Confirm(VISIT.plusDays(7), VISIT.plusDays(7)), NOW.plusSeconds(3600));
            declined = apply(submitted, new CoordinatorAction.Decline(words.declineReason), NOW);
            reopened = apply(declined, new CoordinatorAction.Reopen(), NOW.plusSeconds(3600));
            cancelledByCoordinator = apply(confirmed, new CoordinatorAction.Cancel(words.cancelReason), NOW.plusSeconds(7200));
            // As the visitor's page stores it (VisitorService): cancelled, with the visitor's reason, by the visitor.
            cancelledByVisitor = new BookingCase(withStatus(booking, BookingStatus.CANCELLED), 2, submitted.workflow()
                    .withReason(words.visitorReason).with(new Workflow.HistoryEntry(NOW, Actor.visitor(),
                            new HistoryEvent.Cancelled(words.visitorReason))), "sent");
            completed = apply(confirmed, new CoordinatorAction.Complete(12), after(0));
            otherDates = withRequest(confirmed, changeDates(request, List.of(new DateRange(VISIT.plusDays(14), VISIT.plusDays(15)))));
            List<Participant> more = new ArrayList<>(participants);
            more.add(new Participant("Sofie Kjær", "Aarhus Universitet", "", "sofie.kjaer@au.example", "DK"));
            moreParticipants = withRequest(submitted, changeParticipants(request, 7, more));
            // One editing session of three saves (VisitorService): one added, one changed, one removed, then the follow-up's one mail.
            List<Participant> edited = new ArrayList<>(more);
            Participant first = edited.remove(0);
            edited.add(0, new Participant(first.name(), first.organisation(), language == Language.SV ? "Avdelningschef" : "Head of department", first.email(), first.country()));
            if (edited.size() > 2) edited.remove(1);
            BookingCase sessionCase = withRequest(submitted, changeParticipants(request, 8, edited));
            Workflow sessionFlow = submitted.workflow()
                    .with(new Workflow.HistoryEntry(NOW, Actor.visitor(), new HistoryEvent.ParticipantsChanged(request.expectedParticipants(),
                            7, participants.size(), more.size(), java.util.Optional.of(participants))))
                    .with(new Workflow.HistoryEntry(NOW.plusSeconds(600), Actor.visitor(), new HistoryEvent.ParticipantsChanged(7, 8,
                            more.size(), edited.size())));
            participantsSession = new BookingCase(sessionCase.booking(), sessionCase.version(), sessionFlow, sessionCase.notification());
            withFeedback = new BookingCase(completed.booking(), completed.version(),
                    completed.workflow().withFeedback(new Workflow.Feedback(4, words.feedback, after(2))), completed.notification());
        }

        /** {@code days} after the visit, at nine in the morning. */
        Instant after(int days) {
            return VISIT.plusDays(days).atTime(9, 0).atZone(Booking.SWEDISH_TIME).toInstant();
        }

        /** The digest reads the year's bookings per node: these samples, at Umeå. */
        BookingCaseRepository repository() {
            List<BookingCase> year = List.of(submitted, confirmed, declined, cancelledByVisitor);
            return new BookingCaseRepository() {
                public Optional<BookingCase> load(String id) { return Optional.empty(); }
                public boolean save(BookingCase changed, Optional<Instant> nextDue, Instant now) { return false; }
                public List<BookingCase> due(Instant now) { return List.of(); }
                public List<BookingCase> submittedSince(Node node, Instant since) {
                    return node == Node.UMEA ? year : List.of();
                }
                public boolean claimOnce(String key, Instant now, Duration keep) { return false; }
                public void releaseOnce(String key) { }
            };
        }

        static BookingCase apply(BookingCase current, CoordinatorAction action, Instant at) {
            Transitions.Result result = Transitions.apply(current, action, COORDINATOR, at);
            if (!(result instanceof Transitions.Result.Applied applied)) {
                throw new IllegalStateException(action.name() + " on a " + current.status() + " sample: " + result);
            }
            BookingCase next = applied.after();
            return new BookingCase(next.booking(), next.version() + 1, next.workflow(), next.notification());
        }

        static Booking withStatus(Booking b, BookingStatus status) {
            return new Booking(b.id(), b.reference(), status, b.createdAt(), b.request());
        }

        private static BookingCase withRequest(BookingCase c, BookingRequest request) {
            Booking b = c.booking();
            return new BookingCase(new Booking(b.id(), b.reference(), b.status(), b.createdAt(), request), c.version() + 1,
                    c.workflow(), c.notification());
        }

        private static BookingRequest changeDates(BookingRequest r, List<DateRange> dates) {
            return new BookingRequest(r.node(), r.language(), r.mainGoal(), r.purpose(), r.focusAreas(), r.focusDescription(),
                    r.meetCompanies(), r.companyTypes(), r.specialRequests(), dates, r.expectedParticipants(), r.participants(),
                    r.contact(), r.organiser(), r.message());
        }

        private static BookingRequest changeParticipants(BookingRequest r, int expected, List<Participant> participants) {
            return new BookingRequest(r.node(), r.language(), r.mainGoal(), r.purpose(), r.focusAreas(), r.focusDescription(),
                    r.meetCompanies(), r.companyTypes(), r.specialRequests(), r.preferredDates(), expected, participants,
                    r.contact(), r.organiser(), r.message());
        }
    }
}
