package se.smartcitysweden.booking.localruntime;

import static se.smartcitysweden.booking.localruntime.MailGallery.LINKS;
import static se.smartcitysweden.booking.localruntime.MailGallery.NOW;
import static se.smartcitysweden.booking.localruntime.MailGallery.VISIT;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.time.Instant;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.localruntime.MailGallery.Samples;
import se.smartcitysweden.booking.workflow.CoordinatorAction;

/**
 * Every page state, in Swedish and English, as the functions' own handlers answer a browser's request
 * (API Gateway's event) about a sample booking kept in memory: what {@code /_local/gallery} shows beside
 * the mails, and what PageGalleryTest walks.
 *
 * <p>An entry's {@code template} is the page's template ({@code <name>.html.mustache}; "message" is the
 * shared message page of errors, thanks and refusals), so a test can tell a new page that has no entry.
 */
public final class PageGallery {
    /** The start of a link's token overwritten: its signature no longer matches, as with a mistyped link. */
    private static final String FORGED_TOKEN_START = "token=00000000";

    /** A page as the browser got it: its status and HTML. */
    public record Page(int status, String html) { }

    /** One page of the gallery: its template, the state shown, the language, and how to ask for it. */
    public record Entry(String template, String state, Language language, Supplier<Page> render) {
        /** The anchor of this entry on the gallery page. */
        public String id() {
            return ("page-" + template + "-" + state + "-" + language.code()).replaceAll("[^A-Za-z0-9-]+", "-");
        }
    }

    private PageGallery() { }

    /** Every entry: each page state in Swedish and in English. */
    public static List<Entry> entries() {
        List<Entry> all = new ArrayList<>();
        for (Language language : List.of(Language.SV, Language.EN)) {
            Samples s = new Samples(language);
            Instant later = s.after(400);
            BookingCase acknowledged = Samples.apply(s.submitted, new CoordinatorAction.Acknowledge(), NOW);
            BookingCase followedUp = Samples.apply(s.completed, new CoordinatorAction.RecordOutcome(s.words.outcome(),
                    List.of("Umeå Energi", "Komatsu Forest"), true), s.after(2));
            BookingCase takenOver = new BookingCase(s.submitted.booking(), 2, s.submitted.workflow().with(
                    new Workflow.HistoryEntry(NOW, Actor.of(Actor.Kind.FOLLOW_UP), new HistoryEvent.TakenOver())), "sent");
            BookingCase erased = Samples.apply(s.submitted, new CoordinatorAction.Erase(), NOW);
            // The survey is open once its mail has gone (the follow-up files that it was sent).
            BookingCase surveyed = new BookingCase(followedUp.booking(), followedUp.version(), followedUp.workflow()
                    .withFollowUpSent(FollowUpPlan.impactKey(6), s.after(183)), followedUp.notification());
            BookingCase anonymised = PersonalData.anonymise(followedUp, Actor.of(Actor.Kind.FOLLOW_UP), new HistoryEvent.Anonymised(), later);
            List<Entry> l = new ArrayList<>();
            Map<String, BookingCase> statuses = new LinkedHashMap<>();
            statuses.put("submitted", s.submitted);
            statuses.put("acknowledged", acknowledged);
            statuses.put("confirmed", s.confirmed);
            statuses.put("declined", s.declined);
            statuses.put("reopened", s.reopened);
            statuses.put("cancelled", s.cancelledByCoordinator);
            statuses.put("completed", s.completed);
            // Marked done with nobody there; closed by the follow-up because its dates passed unanswered (issue 20).
            BookingCase noShow = Samples.apply(s.confirmed, new CoordinatorAction.Complete(0), s.after(0));
            BookingCase lapsed = s.submitted.next(se.smartcitysweden.booking.domain.BookingStatus.CANCELLED, s.submitted.workflow()
                    .with(new Workflow.HistoryEntry(NOW, Actor.of(Actor.Kind.FOLLOW_UP), new HistoryEvent.Lapsed(
                            s.submitted.booking().request().preferredDates().get(0).to()))));
            statuses.put("no-show", noShow);
            statuses.put("lapsed", lapsed);
            statuses.put("followed up", followedUp);
            statuses.put("taken over", takenOver);
            statuses.put("erased", erased);
            statuses.put("anonymised", anonymised);
            statuses.forEach((state, c) -> l.add(new Entry("manage", state, language,
                    () -> new PageSite(language, c, s.after(0)).get(LINKS.manage(c.booking(), NOW)))));
            l.add(manageAfter("after confirm", language, s.submitted, NOW, Map.of("action", "confirm", "date", VISIT.toString())));
            l.add(manageAfter("decline without a reason", language, s.submitted, NOW, Map.of("action", "decline", "reason", "")));
            l.add(manageAfter("after reopen", language, s.declined, NOW, Map.of("action", "reopen")));
            l.add(new Entry("manage", "confirmed without a plan", language,
                    () -> new PageSite(language, s.unplanned, s.after(0)).get(LINKS.manage(s.unplanned.booking(), NOW))));
            l.add(manageAfter("plan with errors", language, s.confirmed, NOW, Map.of("action", "update-plan",
                    "hours[0].day", VISIT.toString(), "hours[0].start", "16:00", "hours[0].end", "9:00",
                    "mapUrl", "http://maps.example.org", "hostEmail", "anna.lindqvist")));
            l.add(manageAfter("after plan change", language, s.confirmed, NOW, Map.of("action", "update-plan",
                    "hours[0].day", VISIT.toString(), "hours[0].start", "10:00", "hours[0].end", "15:30",
                    "meetingPlace", MailGallery.PlanWords.of(language).newPlace(), "hostName", "Anna Lindqvist")));
            l.add(manageAfter("after erase", language, s.submitted, NOW, Map.of("action", "erase")));
            l.add(manageAfter("after complete", language, s.confirmed, s.after(0), Map.of("action", "complete", "attended", "11")));
            l.add(manageAfter("after no-show", language, s.confirmed, s.after(0), Map.of("action", "complete", "noShow", "true")));
            l.add(manageAfter("complete without a count", language, s.confirmed, s.after(0), Map.of("action", "complete", "attended", "")));
            // Who did what, by name; every mail sent, with the provider's reports; a note; an assignment.
            BookingCase worked = worked(s.confirmed);
            l.add(new Entry("manage", "history with people, mails, a note and an assignment", language,
                    () -> new PageSite(language, worked, NOW).as("ume-2@smartcitysweden.example").withMails(mails(worked))
                            .get(LINKS.manage(worked.booking(), NOW))));
            l.add(manageAfter("after saying who acts", language, s.submitted, NOW,
                    Map.of("action", "who", "person", "ume@smartcitysweden.example")));
            l.add(manageAfter("who acts, not in the list", language, s.submitted, NOW,
                    Map.of("action", "who", "person", "someone@example.org")));
            l.add(manageAfter("after a note", language, s.submitted, NOW, Map.of("action", "note",
                    "note", language == Language.SV ? "Ringde delegationen: de kommer med tåg." : "Called the delegation: they come by train.")));
            l.add(manageAfter("note empty", language, s.submitted, NOW, Map.of("action", "note", "note", " ")));
            l.add(manageAfter("after an assignment", language, s.submitted, NOW,
                    Map.of("action", "assign", "person", "ume-2@smartcitysweden.example")));

            // The visitor's page, before and after each change they can make there.
            l.add(new Entry("visit", "confirmed without a plan", language, () -> new PageSite(language, s.unplanned, NOW).get(visitLink(s.unplanned))));
            l.add(new Entry("visit", "after a plan change", language, () -> new PageSite(language, s.replanned, NOW).get(visitLink(s.replanned))));
            for (Map.Entry<String, BookingCase> c : Map.of("submitted", s.submitted, "confirmed", s.confirmed,
                    "cancelled", s.cancelledByVisitor, "cancelled by the coordinator", s.cancelledByCoordinator,
                    "completed", s.completed, "no-show", noShow, "lapsed", lapsed).entrySet()) {
                l.add(new Entry("visit", c.getKey(), language, () -> new PageSite(language, c.getValue(), NOW).get(visitLink(c.getValue()))));
            }
            // The visitor page's calendar link when there is no visit to put in a calendar.
            l.add(new Entry("message", "calendar before confirmation", language, () -> new PageSite(language, s.submitted, NOW)
                    .get(visitLink(s.submitted).replace("/visit?", "/calendar?"))));
            l.add(new Entry("message", "calendar of a cancelled request", language, () -> new PageSite(language, s.cancelledByVisitor, NOW)
                    .get(visitLink(s.cancelledByVisitor).replace("/visit?", "/calendar?"))));
            l.add(visitAfter("after cancel", language, s.submitted, Map.of("action", "cancel", "reason", s.words.visitorReason())));
            l.add(visitAfter("cancel without a reason", language, s.submitted, Map.of("action", "cancel", "reason", "")));
            l.add(visitAfter("after other dates", language, s.confirmed, Map.of("action", "other-dates",
                    "preferredDates[0].from", VISIT.plusDays(14).toString(), "preferredDates[0].to", VISIT.plusDays(15).toString(),
                    "message", s.words.otherDatesMessage())));
            l.add(visitAfter("after participants", language, s.submitted, participants()));
            // A list pasted from a spreadsheet, read before saving: the rows in the form, a bad country named.
            l.add(visitAfter("participants list read", language, s.submitted, Map.of("action", "participants", "expectedParticipants", "6",
                    "step", "preview", "pasted", "Namn\tOrganisation\tRoll\tE-post\tLand\nIngrid Sørensen\tAarhus Kommune\t\tingrid@aarhus.example\tDanmark\n"
                            + "Sofie Kjær;Aarhus Universitet;;sofie.kjaer@au.example;Denmark\nLars Holm;;;lars@example;Atlantis\n")));
            l.add(visitAfter("after erase", language, s.submitted, Map.of("action", "erase")));

            // Feedback and the impact survey, after the visit.
            l.add(new Entry("feedback", "blank", language, () -> new PageSite(language, s.completed, s.after(1))
                    .get(LINKS.feedback(s.completed.booking(), s.after(1)))));
            l.add(new Entry("feedback", "with errors", language, () -> new PageSite(language, s.completed, s.after(1))
                    .post(LINKS.feedback(s.completed.booking(), s.after(1)), Map.of("comment", s.words.feedback()))));
            l.add(new Entry("message", "feedback thanks", language, () -> new PageSite(language, s.completed, s.after(1))
                    .post(LINKS.feedback(s.completed.booking(), s.after(1)), Map.of("rating", "4", "comment", s.words.feedback()))));
            l.add(new Entry("impact", "open", language, () -> new PageSite(language, surveyed, s.after(183))
                    .get(LINKS.impact(surveyed.booking(), s.after(183)))));
            l.add(new Entry("impact", "with errors", language, () -> new PageSite(language, surveyed, s.after(183))
                    .post(LINKS.impact(surveyed.booking(), s.after(183)), Map.of("contacts", "yes"))));
            l.add(new Entry("impact", "answered", language, () -> new PageSite(language, surveyed, s.after(183))
                    .post(LINKS.impact(surveyed.booking(), s.after(183)), Map.of("contacts", "yes", "deals", "no",
                            "collaborations", "yes", "policy", "no", "note", s.words.outcome()))));
            l.add(new Entry("impact", "closed", language, () -> new PageSite(language, anonymised, later)
                    .get(LINKS.impact(anonymised.booking(), later.minusSeconds(86_400)))));

            // Links that cannot be followed, and what no route answers.
            l.add(new Entry("refused", "invalid link", language, () -> new PageSite(language, s.submitted, NOW)
                    .get(visitLink(s.submitted).replaceFirst("token=[^&]{8}", FORGED_TOKEN_START))));
            // A refused link cannot tell whose booking it is for: the page speaks the browser's language, not the booking's.
            Language other = language == Language.SV ? Language.EN : Language.SV;
            BookingCase otherBooking = new Samples(other).submitted;
            l.add(new Entry("refused", "invalid link to a booking in " + other.code(), language, () -> PageSite.askedIn(language,
                    otherBooking, NOW).get(visitLink(otherBooking).replaceFirst("token=[^&]{8}", FORGED_TOKEN_START))));
            l.add(new Entry("refused", "expired link", language, () -> new PageSite(language, s.submitted, later)
                    .get(visitLink(s.submitted))));
            l.add(new Entry("message", "404", language, () -> new PageSite(language, s.submitted, NOW)
                    .get(LINKS.baseUrl() + "/bookings/" + s.submitted.id() + "/nothing-here")));
            l.add(new Entry("message", "405", language, () -> new PageSite(language, s.submitted, NOW)
                    .post(LINKS.baseUrl() + "/bookings/" + s.submitted.id() + "/calendar", Map.of())));
            l.add(new Entry("message", "503", language, () -> PageSite.failing(language, NOW).get(visitLink(s.submitted))));

            // The booking form's answers without JavaScript.
            l.add(new Entry("accepted", "thanks", language, () -> new PageSite(language, s.submitted, NOW).submit(PageSite.bookingForm(language, true))));
            l.add(new Entry("invalid", "errors", language, () -> new PageSite(language, s.submitted, NOW).submit(PageSite.bookingForm(language, false))));
            l.add(new Entry("failed", "storage down", language, () -> PageSite.failing(language, NOW).submit(PageSite.bookingForm(language, true))));
            l.add(new Entry("uncertain", "outcome unknown", language, () -> PageSite.uncertain(language, NOW).submit(PageSite.bookingForm(language, true))));

            // The console.
            l.add(new Entry("signin", "sign-in", language, () -> new PageSite(language, s.submitted, NOW).console("/console/sign-in")));
            l.add(new Entry("signin", "link sent", language, () -> new PageSite(language, s.submitted, NOW).consoleLinkSent()));
            l.add(new Entry("confirm", "sign-in link opened", language, () -> new PageSite(language, s.submitted, NOW).consoleSignInLink()));
            l.add(new Entry("list", "bookings", language, () -> new PageSite(language, s.submitted, NOW).signedIn("/console")));
            BookingCase mine = new BookingCase(s.submitted.booking(), s.submitted.version(), s.submitted.workflow().with(
                    new Workflow.HistoryEntry(NOW, Actor.of(Actor.Kind.NATIONAL_OFFICE),
                            new HistoryEvent.Assigned("ume@smartcitysweden.example", "Ulla Nord"))), s.submitted.notification());
            l.add(new Entry("list", "bookings assigned to me", language, () -> new PageSite(language, mine, NOW).signedIn("/console?mine=1")));
            l.add(new Entry("overview", "overview", language, () -> new PageSite(language, s.submitted, NOW).signedIn("/console/overview")));
            l.add(new Entry("overview", "year report by request date", language,
                    () -> new PageSite(language, s.submitted, NOW).signedIn("/console/overview?year=2027&basis=request")));
            l.add(new Entry("list", "filter refused", language, () -> new PageSite(language, s.submitted, NOW).signedIn("/console?from=2027-05-01&to=2027-04-01")));
            l.add(new Entry("overview", "period refused", language,
                    () -> new PageSite(language, s.submitted, NOW).signedIn("/console/overview?from=0001-01-01&to=9999-12-31")));
            l.add(new Entry("calendar", "calendar feeds", language, () -> new PageSite(language, s.submitted, NOW).signedIn("/console/calendar")));
            l.add(new Entry("calendar", "feed made", language, () -> new PageSite(language, s.submitted, NOW).consoleFeedMade()));
            l.add(new Entry("message", "console link used up", language, () -> new PageSite(language, s.submitted, NOW).consoleLinkUsedUp()));
            all.addAll(l);
        }
        return List.copyOf(all);
    }

    /** A confirmed booking worked on by two coordinators and the national office, with a note and an assignment. */
    private static BookingCase worked(BookingCase confirmed) {
        Actor ulla = new Actor(Actor.Kind.COORDINATOR, java.util.Optional.of(Node.UMEA), "Ulla Nord", "ume@smartcitysweden.example");
        Actor erik = new Actor(Actor.Kind.COORDINATOR, java.util.Optional.of(Node.UMEA), "Erik Strand", "ume-2@smartcitysweden.example");
        Actor nina = new Actor(Actor.Kind.NATIONAL_OFFICE, java.util.Optional.empty(), "Nina Sand", "national@smartcitysweden.example");
        boolean sv = confirmed.booking().language() == Language.SV;
        List<Workflow.HistoryEntry> history = new ArrayList<>();
        for (Workflow.HistoryEntry e : confirmed.workflow().history()) {
            history.add(new Workflow.HistoryEntry(e.at(), e.by().isStaff() ? (e.event() instanceof HistoryEvent.Confirmed ? erik : ulla) : e.by(), e.event()));
        }
        history.add(new Workflow.HistoryEntry(NOW.minusSeconds(3_600), nina, new HistoryEvent.Assigned(erik.email(), erik.name())));
        history.add(new Workflow.HistoryEntry(NOW.minusSeconds(1_800), erik, new HistoryEvent.NoteAdded(sv
                ? "Ringde delegationen: de kommer med tåg kl. 9 och vill se Ersboda."
                : "Called the delegation: they arrive by train at 9 and want to see Ersboda.")));
        Workflow w = confirmed.workflow();
        return new BookingCase(confirmed.booking(), confirmed.version(), new Workflow(history, w.visit(), w.reason(), w.outcome(),
                w.feedback(), w.followUpsSent()), confirmed.notification());
    }

    /** The mails such a booking got, as the log holds them, with what the provider reported. */
    private static List<se.smartcitysweden.booking.port.MailLog.Sent> mails(BookingCase c) {
        String visitor = c.booking().request().contact().email();
        Instant created = c.booking().createdAt();
        return List.of(
                new se.smartcitysweden.booking.port.MailLog.Sent("m-1", "coordinator", created.plusSeconds(5),
                        List.of("ume@smartcitysweden.example", "ume-2@smartcitysweden.example"), java.util.Set.of("delivered")),
                new se.smartcitysweden.booking.port.MailLog.Sent("m-2", "visitor", created.plusSeconds(6), List.of(visitor),
                        java.util.Set.of("delivered")),
                new se.smartcitysweden.booking.port.MailLog.Sent("m-3", "unanswered", created.plusSeconds(2 * 86_400),
                        List.of("ume@smartcitysweden.example", "ume-2@smartcitysweden.example"),
                        java.util.Set.of("bounce:ume-2@smartcitysweden.example")),
                new se.smartcitysweden.booking.port.MailLog.Sent("m-4", "practical", NOW.minusSeconds(600), List.of(visitor), java.util.Set.of()));
    }

    private static String visitLink(BookingCase c) {
        return LINKS.visitor(c.booking(), NOW);
    }

    private static Entry manageAfter(String state, Language language, BookingCase c, Instant at, Map<String, String> form) {
        return new Entry("manage", state, language, () -> new PageSite(language, c, at).post(
                LINKS.manage(c.booking(), at).replace("/manage?", "/actions?"), form));
    }

    private static Entry visitAfter(String state, Language language, BookingCase c, Map<String, String> form) {
        return new Entry("visit", state, language, () -> new PageSite(language, c, NOW).post(visitLink(c), form));
    }

    /** The participants form with one more, and a blank row between (as a visitor leaves one). */
    private static Map<String, String> participants() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("action", "participants");
        form.put("expectedParticipants", "7");
        String[][] rows = {{"Ingrid Sørensen", "ingrid@aarhus.example"}, {"", ""}, {"Sofie Kjær", "sofie.kjaer@au.example"}};
        for (int i = 0; i < rows.length; i++) {
            form.put("participants[" + i + "].name", rows[i][0]);
            form.put("participants[" + i + "].email", rows[i][1]);
        }
        return form;
    }
}
