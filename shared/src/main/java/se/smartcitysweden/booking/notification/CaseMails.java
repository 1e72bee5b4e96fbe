package se.smartcitysweden.booking.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest.Contact;
import se.smartcitysweden.booking.domain.HistoryEvent;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;

/**
 * The e-mails of a booking's life after the first two: reminders and requests to coordinators,
 * confirmation (with a calendar invitation), decline, practical information and thanks to the
 * visitor. All share one template; the words come from {@code Mail_<lang>.properties}.
 */
public final class CaseMails {
    private final Mailbox sender;
    private final CoordinatorDirectory directory;
    private final BookingLinks links;
    private final Language coordinatorLanguage;
    private final PrivacyNotice privacy;

    public CaseMails(Mailbox sender, CoordinatorDirectory directory, BookingLinks links, Language coordinatorLanguage) {
        this(sender, directory, links, coordinatorLanguage, PrivacyNotice.defaults(links));
    }

    public CaseMails(Mailbox sender, CoordinatorDirectory directory, BookingLinks links, Language coordinatorLanguage,
                     PrivacyNotice privacy) {
        this.sender = sender;
        this.directory = directory;
        this.links = links;
        this.coordinatorLanguage = coordinatorLanguage;
        this.privacy = privacy;
    }

    public EmailMessage unansweredReminder(BookingCase c, int step, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        List<String> paragraphs = new ArrayList<>(List.of(w.format("reminder.body", b.reference(), who(b), w.dateTime(b.createdAt()))));
        if (step >= 3) paragraphs.add(w.get("reminder.national"));
        return toCoordinators(c, w, w.format("reminder.subject", step, b.reference()), w.get("reminder.heading"),
                paragraphs, step >= 3 ? directory.nationalOffice() : List.of(), now);
    }

    public EmailMessage prepareVisit(BookingCase c, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        String when = visitDays(c, w);
        String fromNow = w.fromNow(c.workflow().visit().orElseThrow().from(), now);
        // The plan as the visitor has it (what the coordinator checks a week before: what is still missing says so).
        List<String> paragraphs = new ArrayList<>(List.of(w.format("prepare.body", b.reference(), who(b), when, fromNow)));
        paragraphs.addAll(plan(c.workflow().visit().orElseThrow(), w, true));
        return toCoordinators(c, w, w.format("prepare.subject", b.reference(), when, fromNow), null, paragraphs, List.of(), now);
    }

    public EmailMessage visitDone(BookingCase c, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        LocalDate last = c.workflow().visit().map(Workflow.Visit::to).orElse(LocalDate.now());
        return toCoordinators(c, w, w.format("visitdone.subject", b.reference()), null,
                List.of(w.format("visitdone.body", b.reference(), who(b), w.date(last))), List.of(), now);
    }

    public EmailMessage outcomeMissing(BookingCase c, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        return toCoordinators(c, w, w.format("outcome.subject", b.reference()), null,
                List.of(w.format("outcome.body", b.reference(), who(b))), directory.nationalOffice(), now);
    }

    /** Tells the node that the visitor's address bounced or complained, so they reach the visitor another way. */
    public EmailMessage contactUnreachable(BookingCase c, boolean complaint, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        return toCoordinators(c, w, w.format("unreachable.subject", b.reference()), w.get("unreachable.heading"),
                List.of(w.format(complaint ? "unreachable.complaint" : "unreachable.bounce", b.reference(), who(b))),
                List.of(), now);
    }

    public EmailMessage practicalInformation(BookingCase c, Instant now) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        String when = visitDays(c, w);
        String fromNow = w.fromNow(c.workflow().visit().orElseThrow().from(), now);
        Workflow.Visit visit = c.workflow().visit().orElseThrow();
        // The plan as it stands: what is known, and a word that the rest follows (never a promise of what is here).
        List<String> paragraphs = new ArrayList<>(List.of(w.format("practical.greeting", b.request().contact().name()),
                w.format(visit.plan().isEmpty() ? "practical.body" : "practical.planned", b.node().city(), when, fromNow)));
        paragraphs.addAll(plan(visit, w));
        paragraphs.add(w.get("practical.reply"));
        return toVisitor(c, w, w.format("practical.subject", when, fromNow), paragraphs, w.get("visitor.costs"), planLinks(visit, w), List.of());
    }

    public EmailMessage thanks(BookingCase c, Instant now) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        return toVisitor(c, w, w.get("thanks.subject"), List.of(
                w.format("thanks.greeting", b.request().contact().name()), w.format("thanks.body", b.node().city())),
                null, List.of(link(w.get("link.feedback"), links.feedback(b, now))), List.of());
    }

    /** The impact survey ({@code months} 6 or 12 after the visit), or its one reminder. */
    public EmailMessage impactSurvey(BookingCase c, int months, boolean reminder, Instant now) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        return toVisitor(c, w, w.format(reminder ? "impact.reminder.subject" : "impact.subject", months), List.of(
                w.format("impact.greeting", b.request().contact().name()), w.format("impact.body", months, b.node().city())),
                null, List.of(link(w.get("link.impact"), links.impact(b, now))), List.of());
    }

    public EmailMessage confirmation(BookingCase c) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        String when = visitDays(c, w);
        Workflow.Visit visit = c.workflow().visit().orElseThrow();
        List<String> paragraphs = new ArrayList<>(List.of(w.format("confirmation.greeting", b.request().contact().name())));
        // A change of a confirmed visit says what it replaces, so the visitor does not hold two dates.
        Optional<Workflow.Visit> replaced = previousVisit(c.workflow());
        replaced.ifPresentOrElse(old -> paragraphs.add(w.format("confirmation.replaces", days(old, w), when)),
                () -> paragraphs.add(w.format(visit.plan().isEmpty() ? "confirmation.body" : "confirmation.planned", b.node().city(), when)));
        paragraphs.addAll(plan(visit, w));
        String subject = w.format(replaced.isPresent() ? "confirmation.changed.subject" : "confirmation.subject", b.reference(), when);
        return toVisitor(c, w, subject, paragraphs, w.get("visitor.costs"), planLinks(visit, w), List.of(invitation(c, false)));
    }

    /**
     * The plan of a confirmed visit changed (PlanChanged): what changed, old → new, then the whole plan, with the
     * updated invitation (same UID, next SEQUENCE).
     */
    public EmailMessage planChanged(BookingCase c) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        Workflow.Visit visit = c.workflow().visit().orElseThrow();
        List<String> paragraphs = new ArrayList<>(List.of(w.format("planchanged.greeting", b.request().contact().name()),
                w.format("planchanged.body", b.reference(), visitDays(c, w))));
        lastPlanChange(c.workflow()).ifPresent(change -> {
            for (String part : change.changed()) {
                String before = shown(part, change.before().getOrDefault(part, ""), w);
                String after = shown(part, visit.plan().part(part), w);
                // A link changed is said in words: the new one is the mail's button (a mail shows no bare addresses).
                if (VisitPlan.isHttps(before) || VisitPlan.isHttps(after)) {
                    paragraphs.add(w.get("plan." + part) + "\n" + w.get(after.isEmpty() ? "planchanged.link.removed" : "planchanged.link.new"));
                    continue;
                }
                paragraphs.add(w.get("plan." + part) + "\n" + w.format("planchanged.before", before.isEmpty() ? w.get("planchanged.none") : before)
                        + "\n" + w.format("planchanged.after", after.isEmpty() ? w.get("planchanged.none") : after));
            }
        });
        paragraphs.add(w.get("planchanged.whole"));
        paragraphs.addAll(plan(visit, w));
        return toVisitor(c, w, w.format("planchanged.subject", b.reference(), visitDays(c, w)), paragraphs, null,
                planLinks(visit, w), List.of(invitation(c, false)));
    }

    /**
     * The visit in the host's calendar: the node's coordinators get each confirmed, changed or cancelled visit as an
     * invitation of its own (see CalendarInvite's UIDs), in the coordinators' language, with the manage link.
     */
    public EmailMessage hostInvitation(BookingCase c, boolean cancel, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        Workflow.Visit visit = c.workflow().visit().orElseThrow();
        String when = days(visit, w);
        List<String> paragraphs = new ArrayList<>(List.of(w.format(cancel ? "hostinvite.cancelled" : "hostinvite.body", b.reference(), who(b), when)));
        if (!cancel) paragraphs.addAll(plan(visit, w, true));
        EmailMessage message = toCoordinators(c, w, w.format(cancel ? "hostinvite.cancel.subject" : "hostinvite.subject", b.reference(), when),
                null, paragraphs, List.of(), now);
        CalendarInvite.Event event = hostEvent(c, now);
        String ics = cancel ? CalendarInvite.cancel(event) : CalendarInvite.request(event);
        return new EmailMessage(message.from(), message.to(), message.cc(), message.replyTo(), message.subject(), message.text(),
                message.html(), List.of(new EmailMessage.Attachment("visit-" + b.reference() + ".ics",
                        "text/calendar; charset=UTF-8; method=" + (cancel ? "CANCEL" : "REQUEST"), ics.getBytes(StandardCharsets.UTF_8))));
    }

    /** The host's event: sent by the booking system (not by a coordinator, who may be its host), the node's coordinators invited. */
    public CalendarInvite.Event hostEvent(BookingCase c, Instant now) {
        return new CalendarInvite.Event(c, CalendarInvite.Audience.HOST, sender, directory.coordinators(c.booking().node()),
                links.manage(c.booking(), c.booking().createdAt()));
    }

    /** The visitor's event: the host (or the node's coordinator) organises it, the visitor is invited, their page linked. */
    public CalendarInvite.Event visitorEvent(BookingCase c) {
        Booking b = c.booking();
        return new CalendarInvite.Event(c, CalendarInvite.Audience.VISITOR, organizer(c),
                List.of(new Mailbox(b.request().contact().name(), b.request().contact().email())), visitorPage(c));
    }

    private EmailMessage.Attachment invitation(BookingCase c, boolean cancel) {
        CalendarInvite.Event event = visitorEvent(c);
        String ics = cancel ? CalendarInvite.cancel(event) : CalendarInvite.request(event);
        return new EmailMessage.Attachment("visit-" + c.booking().reference() + ".ics",
                "text/calendar; charset=UTF-8; method=" + (cancel ? "CANCEL" : "REQUEST"), ics.getBytes(StandardCharsets.UTF_8));
    }

    /** Who organises the visitor's event: the host when the plan gives their e-mail, else the node's coordinator. */
    private Mailbox organizer(BookingCase c) {
        VisitPlan plan = c.workflow().visit().map(Workflow.Visit::plan).orElse(VisitPlan.EMPTY);
        if (!plan.hostEmail().isEmpty()) return new Mailbox(plan.hostName(), plan.hostEmail());
        Mailbox coordinator = directory.coordinators(c.booking().node()).get(0);
        return new Mailbox(sender.name().isEmpty() ? coordinator.name() : sender.name(), coordinator.address());
    }

    private String visitorPage(BookingCase c) {
        Booking b = c.booking();
        return links.visitor(b, c.workflow().visit().map(Workflow.Visit::to).orElse(null), b.createdAt());
    }

    public EmailMessage decline(BookingCase c) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        List<String> paragraphs = new ArrayList<>(List.of(w.format("decline.greeting", b.request().contact().name()),
                w.format("decline.body", b.node().city())));
        if (!c.workflow().reason().isBlank()) paragraphs.add(w.get("decline.reason") + "\n" + c.workflow().reason());
        paragraphs.add(w.get("decline.closing"));
        return toVisitor(c, w, w.format("decline.subject", b.reference()), paragraphs, null, List.of(), List.of());
    }

    /** A decline the visitor was told of is undone: their request is open again and being looked at. */
    public EmailMessage reopened(BookingCase c) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        return toVisitor(c, w, w.format("reopened.subject", b.reference()), List.of(
                w.format("reopened.greeting", b.request().contact().name()), w.format("reopened.body", b.reference(), b.node().city())),
                null, List.of(), List.of());
    }

    public EmailMessage cancellation(BookingCase c) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        List<String> paragraphs = new ArrayList<>(List.of(w.format("cancel.greeting", b.request().contact().name()),
                w.format("cancel.body", b.reference(), b.node().city())));
        List<EmailMessage.Attachment> attachments = new ArrayList<>();
        Optional<Workflow.Visit> visit = c.workflow().visit();
        if (visit.isPresent()) {
            // A confirmed visit is in the visitor's calendar: the cancellation takes it out again.
            paragraphs.add(w.format("cancel.dates", days(visit.get(), w)));
            attachments.add(invitation(c, true));
        } else {
            paragraphs.add(w.format("cancel.requested", b.request().preferredDates().stream()
                    .map(range -> days(new Workflow.Visit(range.from(), range.to()), w)).collect(Collectors.joining("; "))));
        }
        // The reason is someone's own words: said whose, so the visitor's is not read as Smart City Sweden's.
        if (!c.workflow().reason().isBlank()) {
            paragraphs.add(w.get(cancelledByVisitor(c.workflow()) ? "cancel.reason.visitor" : "cancel.reason.coordinator")
                    + "\n" + c.workflow().reason());
        }
        return toVisitor(c, w, w.format("cancel.subject", b.reference()), paragraphs, null, List.of(), attachments);
    }

    /**
     * The weekly overview for the national office: its tables (each with a header row, in the text
     * part too), a link to the console's national overview and the bookings as a CSV attachment.
     */
    public EmailMessage digest(String week, List<MailTable> tables, byte[] csv) {
        return digest(week, week, tables, csv);
    }

    /**
     * The weekly overview, its week said as people say it ({@code weekLabel}: "vecka 50, 2026"), its attachment
     * named by the ISO week ({@code week}: visits-2026-W50.csv).
     */
    public EmailMessage digest(String weekLabel, String week, List<MailTable> tables, byte[] csv) {
        MailWords w = new MailWords(coordinatorLanguage);
        Map<String, Object> context = base(w, w.format("digest.subject", weekLabel), w.format("digest.heading", weekLabel),
                List.of(w.get("digest.body")), null, List.of(link(w.get("link.overview"), links.baseUrl() + "/console/overview")),
                w.get("footer.national"));
        context.put("tables", tables.stream().map(t -> Map.of("caption", t.caption(), "head", t.head(), "empty", t.empty(),
                "columns", t.head().size(),
                "rows", rows(t))).toList());
        return new EmailMessage(sender, directory.nationalOffice(), List.of(), Optional.empty(), (String) context.get("subject"),
                MailTemplates.text("message", context), MailTemplates.html("message", context),
                List.of(new EmailMessage.Attachment("visits-" + week + ".csv", "text/csv; charset=UTF-8", csv)));
    }

    /** A table's rows as the templates draw them: each cell a text, and a link where the table has one. */
    private static List<Map<String, Object>> rows(MailTable t) {
        List<Map<String, Object>> rows = new java.util.ArrayList<>();
        for (int r = 0; r < t.rows().size(); r++) {
            List<Map<String, Object>> cells = new java.util.ArrayList<>();
            for (int c = 0; c < t.rows().get(r).size(); c++) cells.add(Map.of("text", t.rows().get(r).get(c), "url", t.url(r, c)));
            rows.add(Map.of("cells", cells));
        }
        return rows;
    }

    /** A booking's page in the coordinators' console (its node is checked there; it opens the manage page). */
    public String consoleBookingUrl(Booking b) {
        return links.baseUrl() + "/console/bookings/" + b.id();
    }

    /**
     * Nobody at the node answered after the last reminder: the national office takes the booking
     * over (the node's coordinators are copied). Without a national office the node gets it.
     */
    public EmailMessage takenOver(BookingCase c, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        String subject = w.format("takenover.subject", b.reference());
        Map<String, Object> context = base(w, subject, w.get("takenover.heading"),
                List.of(w.format("takenover.body", b.reference(), who(b), w.dateTime(b.createdAt()), b.node().city())), null,
                List.of(link(w.get("link.manage"), links.manage(b, now))), w.get("footer.national"));
        withDetails(context, b, w);
        Contact contact = b.request().contact();
        boolean national = !directory.nationalOffice().isEmpty();
        return new EmailMessage(sender, national ? directory.nationalOffice() : directory.coordinators(b.node()),
                national ? directory.coordinators(b.node()) : List.of(), Optional.of(new Mailbox(contact.name(), contact.email())),
                subject, MailTemplates.text("message", context), MailTemplates.html("message", context), List.of());
    }

    /**
     * Tells the visitor, in their language, that the national office now answers their request: a visitor mail like
     * the others (their booking page's link, the privacy footer), whose replies reach the national office.
     */
    public EmailMessage takenOverNotice(BookingCase c) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        Mailbox replyTo = directory.nationalOffice().isEmpty() ? directory.coordinators(b.node()).get(0)
                : directory.nationalOffice().get(0);
        return toVisitor(c, w, w.format("takenovernotice.subject", b.reference()), List.of(
                w.format("takenovernotice.greeting", b.request().contact().name()),
                w.format("takenovernotice.body", b.reference(), b.node().city())), null, List.of(), List.of(), replyTo);
    }

    /**
     * The request's preferred dates all passed without a confirmed visit, and the follow-up closed it: the node's
     * coordinators are told (the national office copied), so they know the visitor was told and why.
     */
    public EmailMessage lapsed(BookingCase c, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        return toCoordinators(c, w, w.format("lapsed.subject", b.reference()), w.get("lapsed.heading"),
                List.of(w.format("lapsed.body", b.reference(), who(b), w.dateTime(b.createdAt()), periods(b, w))),
                directory.nationalOffice(), now);
    }

    /**
     * Tells the visitor, in their language and with an apology, that their request was closed because its dates
     * passed before anyone could confirm a visit, with a link to the booking form to ask again.
     */
    public EmailMessage lapsedNotice(BookingCase c) {
        MailWords w = new MailWords(c.booking().language());
        Booking b = c.booking();
        return toVisitor(c, w, w.format("lapsednotice.subject", b.reference()), List.of(
                        w.format("lapsednotice.greeting", b.request().contact().name()),
                        w.format("lapsednotice.body", b.reference(), b.node().city(), periods(b, w)),
                        w.get("lapsednotice.again")),
                null, links.bookingForm(b).map(form -> List.of(link(w.get("link.bookagain"), form))).orElse(List.of()), List.of());
    }

    /**
     * A fresh link asked for from a refused one (NewLinks): the manage page's to the node's coordinators, the
     * visitor's pages' to the visitor (each visitor mail links their booking page too).
     */
    public EmailMessage newLink(BookingCase c, LinkSigner.Purpose purpose, Instant now) {
        Booking b = c.booking();
        if (purpose == LinkSigner.Purpose.MANAGE) {
            MailWords w = new MailWords(coordinatorLanguage);
            return toCoordinators(c, w, w.format("newlink.subject", b.reference()), w.get("newlink.heading"),
                    List.of(w.format("newlink.body", b.reference())), List.of(), now);
        }
        MailWords w = new MailWords(b.language());
        List<Map<String, Object>> page = switch (purpose) {
            case FEEDBACK -> List.of(link(w.get("link.feedback"), links.feedback(b, now)));
            case IMPACT -> List.of(link(w.get("link.impact"), links.impact(b, now)));
            default -> List.of(); // the visitor's page is in every visitor mail
        };
        return toVisitor(c, w, w.format("newlink.subject", b.reference()), List.of(
                w.format("newlink.greeting", b.request().contact().name()), w.format("newlink.body", b.reference())),
                null, page, List.of());
    }

    public MailWords coordinatorWords() {
        return new MailWords(coordinatorLanguage);
    }

    private EmailMessage toCoordinators(BookingCase c, MailWords w, String subject, String heading, List<String> paragraphs,
                                        List<Mailbox> cc, Instant now) {
        Booking b = c.booking();
        Map<String, Object> context = base(w, subject, heading, paragraphs, null,
                List.of(link(w.get("link.manage"), links.manage(b, now))), w.get("footer.coordinator"));
        withDetails(context, b, w);
        Contact contact = b.request().contact();
        return new EmailMessage(sender, directory.coordinators(b.node()), cc,
                Optional.of(new Mailbox(contact.name(), contact.email())), subject,
                MailTemplates.text("message", context), MailTemplates.html("message", context), List.of());
    }

    private EmailMessage toVisitor(BookingCase c, MailWords w, String subject, List<String> paragraphs, String notice,
                                   List<Map<String, Object>> linkList, List<EmailMessage.Attachment> attachments) {
        return toVisitor(c, w, subject, paragraphs, notice, linkList, attachments,
                directory.coordinators(c.booking().node()).get(0));
    }

    private EmailMessage toVisitor(BookingCase c, MailWords w, String subject, List<String> paragraphs, String notice,
                                   List<Map<String, Object>> linkList, List<EmailMessage.Attachment> attachments,
                                   Mailbox replyTo) {
        Booking b = c.booking();
        // Every visitor mail links the visitor's own page (status, history, calendar, changes).
        List<Map<String, Object>> withPage = new ArrayList<>(linkList);
        withPage.add(link(w.get("link.visitor"), links.visitor(b, c.workflow().visit().map(Workflow.Visit::to).orElse(null),
                b.createdAt())));
        // And a way to write to the people behind it: the host once the plan names one, else whoever the mail's replies reach.
        if (!b.request().contact().email().isBlank()) withPage.add(link(w.get("link.write"), writeToUs(c, replyTo, w)));
        Map<String, Object> context = base(w, subject, null, paragraphs, notice, withPage, w.get("footer.visitor"));
        List<Mailbox> cc = b.request().organiser().map(o -> List.of(new Mailbox(o.name(), o.email()))).orElse(List.of());
        return new EmailMessage(sender, List.of(new Mailbox(b.request().contact().name(), b.request().contact().email())), cc,
                Optional.of(replyTo), subject,
                MailTemplates.text("message", context), MailTemplates.html("message", context), attachments);
    }

    // ---- the visitor's self-service, told to the coordinators (se.smartcitysweden.booking.selfservice) ----

    /**
     * What the visitor changed from their page ({@code cancel}, {@code other-dates}, {@code participants}),
     * with their reason or message ({@code note}); the booking as it is now follows below.
     */
    public EmailMessage visitorChanged(BookingCase before, BookingCase after, String action, String note, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = after.booking();
        List<String> paragraphs = new ArrayList<>();
        switch (action) {
            case "cancel" -> {
                paragraphs.add(w.format("selfservice.cancel.body", b.reference(), who(b)));
                if (!note.isBlank()) paragraphs.add(w.get("selfservice.reason") + "\n" + note);
            }
            case "other-dates" -> {
                paragraphs.add(w.format("selfservice.dates.body", b.reference(), who(b)));
                paragraphs.add(w.get("selfservice.dates.new") + "\n" + periods(b, w));
                paragraphs.add(w.get("selfservice.dates.old") + "\n" + periods(before.booking(), w));
                if (!note.isBlank()) paragraphs.add(w.get("selfservice.message") + "\n" + note);
                after.workflow().visit().ifPresent(v -> paragraphs.add(w.format("selfservice.dates.confirmed", visitDays(after, w))));
            }
            default -> paragraphs.add(w.format("selfservice.participants.body", b.reference(), who(b),
                    before.booking().request().expectedParticipants(), b.request().expectedParticipants(),
                    before.booking().request().participants().size(), b.request().participants().size()));
        }
        return toCoordinators(after, w, w.format("selfservice." + action + ".subject", b.reference()), null, paragraphs,
                List.of(), now);
    }

    /**
     * The coordinators' one mail about an editing session of the participants: the history's changes of the session
     * that ends at index {@code last}, as who was added, removed or changed between the list they last heard of (kept on the
     * session's first change) and the one that stands now; the booking with its current list follows.
     */
    public EmailMessage participantsSession(BookingCase c, int last, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        int start = se.smartcitysweden.booking.domain.FollowUpPlan.participantsSessionStart(c.workflow(), last).orElse(last);
        List<Workflow.HistoryEntry> session = c.workflow().history().subList(start, last + 1).stream()
                .filter(e -> e.event() instanceof HistoryEvent.ParticipantsChanged).toList();
        HistoryEvent.ParticipantsChanged first = (HistoryEvent.ParticipantsChanged) session.get(0).event();
        List<String> paragraphs = new ArrayList<>(List.of(w.format("participants.session.body", b.reference(), who(b),
                w.dateTime(session.get(0).at()), w.dateTime(session.get(session.size() - 1).at()), first.expectedBefore(),
                b.request().expectedParticipants(), first.namedBefore(), b.request().participants().size())));
        // A session begun by a version that did not keep the list: the counts above say what is known.
        first.told().ifPresent(told -> {
            se.smartcitysweden.booking.domain.ParticipantChanges changes =
                    se.smartcitysweden.booking.domain.ParticipantChanges.between(told, b.request().participants());
            if (!changes.added().isEmpty()) paragraphs.add(w.format("participants.added", changes.added().size()) + "\n"
                    + changes.added().stream().map(p -> person(p, w)).collect(Collectors.joining("\n")));
            if (!changes.removed().isEmpty()) paragraphs.add(w.format("participants.removed", changes.removed().size()) + "\n"
                    + changes.removed().stream().map(p -> person(p, w)).collect(Collectors.joining("\n")));
            if (!changes.changed().isEmpty()) paragraphs.add(w.format("participants.changed", changes.changed().size()) + "\n"
                    + changes.changed().stream().map(ch -> person(ch.after(), w) + " (" + w.get("participants.was") + " "
                            + person(ch.before(), w) + ")").collect(Collectors.joining("\n")));
        });
        return toCoordinators(c, w, w.format("selfservice.participants.subject", b.reference()), null, paragraphs, List.of(), now);
    }

    /** One participant on one line: name, organisation, role, e-mail and country, those given. */
    private static String person(se.smartcitysweden.booking.domain.BookingRequest.Participant p, MailWords w) {
        return java.util.stream.Stream.of(p.name(), p.organisation(), p.role(), p.email(), p.country().isBlank() ? "" : w.country(p.country()))
                .filter(s -> !s.isBlank()).collect(Collectors.joining(", "));
    }

    public EmailMessage feedbackGiven(BookingCase c, Instant now) {
        MailWords w = new MailWords(coordinatorLanguage);
        Booking b = c.booking();
        Workflow.Feedback f = c.workflow().feedback().orElseThrow();
        List<String> paragraphs = new ArrayList<>(List.of(w.format("selfservice.feedback.body", b.reference(), who(b), f.rating())));
        if (!f.comment().isBlank()) paragraphs.add(f.comment());
        return toCoordinators(c, w, w.format("selfservice.feedback.subject", b.reference(), f.rating()), null, paragraphs,
                List.of(), now);
    }

    /**
     * The agreed visit's calendar file for the visitor's page: the same event as the last mail's (same UID and
     * SEQUENCE), published.
     */
    public String calendar(BookingCase c) {
        // A download is shown, not answered: PUBLISH. A cancelled visit's file is there to take it out of the calendar
        // it was added to: the cancellation (CANCEL), as the mail's.
        return c.status() == se.smartcitysweden.booking.domain.BookingStatus.CANCELLED
                ? CalendarInvite.cancel(visitorEvent(c)) : CalendarInvite.publish(visitorEvent(c));
    }

    private static String periods(Booking b, MailWords w) {
        return b.request().preferredDates().stream().map(r -> r.from().equals(r.to()) ? w.date(r.from())
                : w.date(r.from()) + " – " + w.date(r.to())).collect(java.util.stream.Collectors.joining("\n"));
    }

    /** Every mail's context: it always carries the privacy footer (notice link, controller, data protection contact). */
    private Map<String, Object> base(MailWords w, String subject, String heading, List<String> paragraphs,
                                     String notice, List<Map<String, Object>> linkList, String footer) {
        Map<String, Object> context = new HashMap<>();
        context.put("privacy", privacy.context(w));
        context.put("lang", w.language().code());
        context.put("subject", subject);
        context.put("heading", heading);
        context.put("paragraphs", paragraphs);
        context.put("notice", notice);
        context.put("links", linkList);
        context.put("hasLinks", !linkList.isEmpty());
        context.put("footer", footer);
        return context;
    }

    private static void withDetails(Map<String, Object> context, Booking booking, MailWords w) {
        context.putAll(BookingMails.details(booking, w));
        context.put("t", w.prefix("label."));
        context.put("hasDetails", true);
        context.put("detailsHeading", w.get("details"));
    }

    private static Map<String, Object> link(String label, String url) {
        return Map.of("label", label, "url", url);
    }

    private static String who(Booking b) {
        Contact c = b.request().contact();
        return c.organisation().isEmpty() ? c.name() : c.name() + ", " + c.organisation();
    }

    private static String visitDays(BookingCase c, MailWords w) {
        return days(c.workflow().visit().orElseThrow(), w);
    }

    private static String days(Workflow.Visit visit, MailWords w) {
        return visit.from().equals(visit.to()) ? w.date(visit.from()) : w.date(visit.from()) + " – " + w.date(visit.to());
    }

    /**
     * The visit plan as the visitor reads it, a paragraph per part given (times, meeting place, host, programme,
     * notes), and one saying which parts will follow when some are not given yet.
     */
    public static List<String> plan(Workflow.Visit visit, MailWords w) {
        return plan(visit, w, false);
    }

    /** The same for the node's staff ({@code staff}): "Host" rather than "Your host", and what the visitor still waits for. */
    public static List<String> plan(Workflow.Visit visit, MailWords w, boolean staff) {
        VisitPlan plan = visit.plan();
        List<String> paragraphs = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (!plan.hours().isEmpty()) paragraphs.add(w.get("plan.hours") + "\n" + hours(plan.hours(), w));
        else missing.add(w.format("plan.hours.missing"));
        if (!plan.meetingPlace().isEmpty()) {
            // Its map is a link of its own (planLinks) where the mail has links, and in the calendar event.
            paragraphs.add(w.get("plan.meetingPlace") + "\n" + plan.meetingPlace());
        } else missing.add(w.format("plan.meetingPlace.missing"));
        String host = plan.part("host");
        if (!host.isEmpty()) paragraphs.add(w.get(staff ? "plan.host.staff" : "plan.host") + "\n" + host);
        else missing.add(w.format("plan.host.missing"));
        if (!plan.programme().isEmpty()) paragraphs.add(w.get("plan.programme") + "\n" + plan.programme());
        else missing.add(w.format("plan.programme.missing"));
        if (!plan.notes().isEmpty()) paragraphs.add(w.get("plan.notes") + "\n" + plan.notes());
        if (!missing.isEmpty()) paragraphs.add(w.format(staff ? "plan.follows.staff" : "plan.follows", String.join(", ", missing)));
        return paragraphs;
    }

    /** The plan's links as buttons: the map of the meeting place, the programme when it is a link. */
    public static List<Map<String, Object>> planLinks(Workflow.Visit visit, MailWords w) {
        List<Map<String, Object>> list = new ArrayList<>();
        if (!visit.plan().mapUrl().isEmpty()) list.add(link(w.get("link.map"), visit.plan().mapUrl()));
        if (visit.plan().programmeIsLink()) list.add(link(w.get("link.programme"), visit.plan().programme()));
        return list;
    }

    /** Each day's hours, Swedish time, a line each: "Monday 10 March 2027, 09:30–16:00". */
    public static String hours(List<VisitPlan.DayHours> hours, MailWords w) {
        java.time.format.DateTimeFormatter clock = java.time.format.DateTimeFormatter.ofPattern("HH:mm");
        return String.join("\n", hours.stream().map(h -> w.format("plan.day", w.date(h.day()), clock.format(h.start()),
                clock.format(h.end()))).toList());
    }

    /** A part of the plan as the visitor reads it ({@link VisitPlan#part}): the hours in words, the rest as given. */
    static String shown(String part, String value, MailWords w) {
        return part.equals("hours") ? hours(VisitPlan.hoursOf(value), w) : value;
    }

    /** The latest plan change in the history. */
    static Optional<HistoryEvent.PlanChanged> lastPlanChange(Workflow workflow) {
        return workflow.history().stream().map(Workflow.HistoryEntry::event).filter(HistoryEvent.PlanChanged.class::isInstance)
                .map(HistoryEvent.PlanChanged.class::cast).reduce((first, second) -> second);
    }

    /** "Write to us": a mail to the host (once the plan names one) or the node, the booking's reference in the subject. */
    private static String writeToUs(BookingCase c, Mailbox fallback, MailWords w) {
        String host = c.workflow().visit().map(v -> v.plan().hostEmail()).orElse("");
        return mailto(host.isEmpty() ? fallback.address() : host, w.format("write.topic", c.booking().reference()));
    }

    /** A mailto link with its subject encoded (spaces as %20: mail programs show a '+' as it is). */
    public static String mailto(String address, String subject) {
        return "mailto:" + address + "?subject=" + java.net.URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Whether the latest cancellation in the history is the visitor's own (from their booking page). */
    static boolean cancelledByVisitor(Workflow workflow) {
        return workflow.history().stream().filter(e -> e.event() instanceof HistoryEvent.Cancelled)
                .reduce((first, second) -> second).map(e -> e.by().kind() == se.smartcitysweden.booking.domain.Actor.Kind.VISITOR)
                .orElse(false);
    }

    /** The days confirmed before the latest confirmation, when it moved them: from the history's confirmations. */
    static Optional<Workflow.Visit> previousVisit(Workflow workflow) {
        List<HistoryEvent.Confirmed> confirms = workflow.history().stream().map(Workflow.HistoryEntry::event)
                .filter(HistoryEvent.Confirmed.class::isInstance).map(HistoryEvent.Confirmed.class::cast).toList();
        if (confirms.size() < 2) return Optional.empty();
        HistoryEvent.Confirmed previous = confirms.get(confirms.size() - 2);
        Workflow.Visit before = new Workflow.Visit(previous.from(), previous.to());
        Workflow.Visit now = workflow.visit().orElseThrow();
        // The same days again (another start or place): a new invitation, but no dates to replace.
        return before.from().equals(now.from()) && before.to().equals(now.to()) ? Optional.empty() : Optional.of(before);
    }
}
