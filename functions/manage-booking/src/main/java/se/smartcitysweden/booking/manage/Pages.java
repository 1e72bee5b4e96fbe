package se.smartcitysweden.booking.manage;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingRequest.Contact;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.history.HistorySentences;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.notification.MailWords;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.workflow.Transitions;

/**
 * The HTML pages: the coordinator's manage page (the booking, its history and a form for each
 * action allowed now), the visitor's feedback page, and short message pages. The forms post to
 * {@code actions?token=…} and {@code feedback?token=…}, relative to the page's own address, so
 * they work under any base path.
 */
final class Pages {
    private Pages() { }

    /** What the manage page shows on top and which action's form it opens and focuses. */
    record Focus(String action, String bannerKind, String bannerText, List<FieldError> errors, Map<String, String> typed) {
        static Focus none() {
            return new Focus("", "", "", List.of(), Map.of());
        }

        static Focus preselect(String action) {
            return new Focus(action == null ? "" : action, "", "", List.of(), Map.of());
        }

        static Focus banner(String kind, String text) {
            return new Focus("", kind, text, List.of(), Map.of());
        }
    }

    static String manage(BookingCase c, PageWords w, String token, Focus focus, java.time.Instant now) {
        LocalDate today = LocalDate.ofInstant(now, se.smartcitysweden.booking.domain.FollowUpPlan.SWEDEN);
        Booking b = c.booking();
        BookingRequest request = b.request();
        MailWords mail = w.mail();
        Map<String, Object> context = base(w, w.format("manage.title", b.reference()));
        context.put("city", b.node().city());
        context.put("statusId", c.status().id());
        context.put("statusLabel", w.status(c.status()));
        context.put("token", java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
        context.put("w", mail.prefix("label."));

        // What the workflow accepts now: "done" only from the visit's first day, corrections within their window.
        List<String> allowed = Transitions.allowedActions(c, now);
        String banner = focus.bannerText();
        String bannerKind = focus.bannerKind();
        // A link that preselects an action someone has meanwhile made impossible (or done) says so.
        if (banner.isEmpty() && !focus.action().isEmpty() && !allowed.contains(focus.action())
                && w.has("action." + focus.action() + ".title")) {
            banner = w.format("preselected.unavailable", w.actionName(focus.action()), w.status(c.status()));
            bannerKind = "warning";
        }
        // Errors of an action that has no form on the page now (unknown, or not allowed in this state).
        if (banner.isEmpty() && !focus.errors().isEmpty() && !allowed.contains(focus.action())) {
            banner = errors(w, focus.errors()).stream()
                    .map(e -> e.get("label").toString().isEmpty() ? e.get("message").toString() : e.get("label") + ": " + e.get("message"))
                    .collect(Collectors.joining(" "));
            bannerKind = "error";
        }
        if (!banner.isEmpty()) {
            context.put("banner", Map.of("kind", bannerKind, "text", banner,
                    "role", bannerKind.equals("success") || bannerKind.equals("info") ? "status" : "alert"));
        }

        // Key facts first, so the coordinator decides without scrolling.
        List<Map<String, Object>> facts = new ArrayList<>();
        Contact contact = request.contact();
        fact(facts, w.get("fact.contact"), lines(contact.name(), contact.organisation(), contact.email(),
                mail.country(contact.country())));
        fact(facts, w.get("fact.participants"), Integer.toString(request.expectedParticipants()));
        fact(facts, w.get("fact.preferredDates"), request.preferredDates().stream().map(r -> range(w, r.from(), r.to()))
                .collect(Collectors.joining("\n")));
        c.workflow().visit().ifPresent(v -> fact(facts, w.get("fact.visit"), range(w, v.from(), v.to())));
        if (!c.workflow().reason().isBlank()) fact(facts, w.get("fact.reason"), c.workflow().reason());
        context.put("facts", facts);
        context.put("mailto", contact.email());
        // The reply carries the reference, in the visitor's language, so both sides find the thread.
        context.put("mailtoSubject", mailtoText(PageWords.of(b.language()).format("reply.subject", b.reference())));

        // One form for each action allowed now; the one named in the link (or that failed) is opened and focused.
        context.put("noActions", allowed.isEmpty());
        for (String action : allowed) {
            boolean selected = action.equals(focus.action());
            Map<String, String> typed = selected ? focus.typed() : Map.of();
            Map<String, Object> form = new HashMap<>();
            form.put("selected", selected);
            form.put("autofocus", selected);
            form.put("open", selected);
            List<Map<String, Object>> errors = selected ? errors(w, focus.errors()) : List.of();
            form.put("errors", errors);
            form.put("hasErrors", !errors.isEmpty());
            switch (action) {
                case "confirm" -> {
                    LocalDate[] days = proposedDays(c, today);
                    form.put("date", typed.getOrDefault("date", days[0].toString()));
                    form.put("endDate", typed.getOrDefault("endDate", days[1].equals(days[0]) ? "" : days[1].toString()));
                    form.put("prefilledFromRequest", c.workflow().visit().isEmpty() && typed.isEmpty()
                            && request.preferredDates().stream().anyMatch(range -> !range.from().isBefore(today)));
                    form.put("change", c.status() == se.smartcitysweden.booking.domain.BookingStatus.CONFIRMED);
                    form.put("minDate", today.toString());
                    form.put("maxDate", today.plusYears(BookingRules.BOOKING_HORIZON_YEARS).toString());
                }
                case "decline", "cancel" -> form.put("reason", typed.getOrDefault("reason", ""));
                case "record-outcome", "correct-outcome" -> {
                    // A correction starts from what was recorded.
                    Optional<Workflow.Outcome> recorded = action.equals("correct-outcome") ? c.workflow().outcome() : Optional.empty();
                    form.put("outcome", typed.getOrDefault("outcome", recorded.map(Workflow.Outcome::text).orElse("")));
                    form.put("companiesMet", typed.getOrDefault("companiesMet",
                            recorded.map(o -> String.join("\n", o.companiesMet())).orElse("")));
                    String interest = typed.getOrDefault("businessInterest",
                            recorded.map(o -> o.businessInterest() ? "yes" : "no").orElse(""));
                    form.put("interestYes", interest.equals("yes"));
                    form.put("interestNo", interest.equals("no"));
                }
                default -> { }
            }
            context.put(switch (action) {
                case "record-outcome" -> "recordOutcome";
                case "correct-outcome" -> "correctOutcome";
                default -> action;
            }, form);
        }

        Workflow workflow = c.workflow();
        workflow.outcome().ifPresent(o -> context.put("outcome", Map.of("text", o.text(), "companies", o.companiesMet(),
                "hasCompanies", !o.companiesMet().isEmpty(), "interest", w.get(o.businessInterest() ? "yes" : "no"),
                "recorded", w.dateTime(o.recordedAt()))));
        workflow.feedback().ifPresent(f -> context.put("feedback", Map.of("rating", w.format("manage.feedback.rating", f.rating()),
                "comment", f.comment(), "given", w.format("manage.feedback.given", w.dateTime(f.givenAt())))));

        details(context, b, mail);
        context.put("history", history(c, w, HistorySentences.Reader.STAFF));
        return PageTemplates.render("manage", context);
    }

    static String feedback(BookingCase c, PageWords w, String token, List<FieldError> errors, Map<String, String> typed) {
        Booking b = c.booking();
        Map<String, Object> context = base(w, w.get("feedback.title"));
        context.put("kicker", w.format("feedback.kicker", b.node().city()));
        context.put("intro", w.format("feedback.intro", b.node().city(), b.reference()));
        context.put("token", java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
        c.workflow().feedback().ifPresent(f -> context.put("already", w.format("feedback.already", w.dateTime(f.givenAt()))));
        String rating = typed.getOrDefault("rating",
                c.workflow().feedback().map(f -> Integer.toString(f.rating())).orElse(""));
        List<Map<String, Object>> ratings = new ArrayList<>();
        for (int value = 5; value >= 1; value--) {
            ratings.add(Map.of("value", value, "label", w.get("feedback.rating." + value),
                    "checked", rating.equals(Integer.toString(value)), "autofocus", value == 5 && !errors.isEmpty()));
        }
        context.put("ratings", ratings);
        context.put("comment", typed.getOrDefault("comment", c.workflow().feedback().map(Workflow.Feedback::comment).orElse("")));
        List<Map<String, Object>> errorList = errors(w, errors);
        context.put("errors", errorList);
        context.put("hasErrors", !errorList.isEmpty());
        return PageTemplates.render("feedback", context);
    }

    /** The impact survey of {@code months} (6 or 12), filled with the earlier answer or what was typed. */
    static String impact(BookingCase c, int months, PageWords w, String token, List<FieldError> errors,
                         Map<String, String> typed) {
        Booking b = c.booking();
        Map<String, Object> context = base(w, w.get("impact.title"));
        context.put("kicker", w.format("feedback.kicker", b.node().city()));
        context.put("intro", w.format("impact.intro", months, b.node().city(), b.reference()));
        context.put("token", java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
        java.util.Optional<se.smartcitysweden.booking.domain.Impact> earlier = java.util.Optional.ofNullable(
                se.smartcitysweden.booking.domain.Impact.answers(c.workflow()).get(months));
        se.smartcitysweden.booking.domain.Impact.answeredAt(c.workflow(), months)
                .ifPresent(at -> context.put("already", w.format("impact.already", w.dateTime(at))));
        List<Map<String, Object>> questions = new ArrayList<>();
        for (String name : IMPACT_QUESTIONS) {
            String value = typed.getOrDefault(name, earlier.map(a -> impactAnswer(a, name) ? "yes" : "no").orElse(""));
            questions.add(Map.of("name", name, "legend", w.get("impact." + name), "yes", value.equals("yes"),
                    "no", value.equals("no")));
        }
        context.put("questions", questions);
        context.put("note", typed.getOrDefault("note", earlier.map(se.smartcitysweden.booking.domain.Impact::note).orElse("")));
        List<Map<String, Object>> errorList = errors(w, errors);
        context.put("errors", errorList);
        context.put("hasErrors", !errorList.isEmpty());
        return PageTemplates.render("impact", context);
    }

    /** The survey's yes/no fields, in the order CaseService.impact takes them. */
    static final List<String> IMPACT_QUESTIONS = List.of("contacts", "deals", "collaborations", "policy");

    private static boolean impactAnswer(se.smartcitysweden.booking.domain.Impact a, String name) {
        return switch (name) {
            case "contacts" -> a.contacts();
            case "deals" -> a.deals();
            case "collaborations" -> a.collaborations();
            default -> a.policy();
        };
    }

    /**
     * The visitor's own page: where the request stands, the agreed visit with its calendar file, the
     * changes allowed now (participants until the deadline, other dates, cancelling) and the history.
     */
    static String visitor(BookingCase c, PageWords w, String token, Focus focus, List<String> allowed, LocalDate deadline) {
        Booking b = c.booking();
        BookingRequest request = b.request();
        MailWords mail = w.mail();
        Map<String, Object> context = base(w, w.format("visit.title", b.reference()));
        context.put("kicker", w.format("feedback.kicker", b.node().city()));
        context.put("statusId", c.status().id());
        context.put("statusLabel", w.get("visit.status." + c.status().id()));
        context.put("statusHelp", w.format("visit.status." + c.status().id() + ".help", b.node().city()));
        context.put("token", java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
        context.put("w", mail.prefix("label."));
        if (!focus.bannerText().isEmpty()) {
            context.put("banner", Map.of("kind", focus.bannerKind(), "text", focus.bannerText(),
                    "role", focus.bannerKind().equals("success") ? "status" : "alert"));
        }
        c.workflow().visit().filter(v -> c.status() != se.smartcitysweden.booking.domain.BookingStatus.CANCELLED
                && c.status() != se.smartcitysweden.booking.domain.BookingStatus.DECLINED)
                .ifPresent(v -> context.put("programme", Map.of("when", range(w, v.from(), v.to()),
                        "text", w.format("visit.programme.text", b.node().city(), range(w, v.from(), v.to())))));

        List<Map<String, Object>> facts = new ArrayList<>();
        fact(facts, w.get("visit.fact.reference"), b.reference());
        fact(facts, w.get("fact.preferredDates"), request.preferredDates().stream().map(r -> range(w, r.from(), r.to()))
                .collect(Collectors.joining("\n")));
        fact(facts, w.get("fact.participants"), Integer.toString(request.expectedParticipants()));
        if (!c.workflow().reason().isBlank()) fact(facts, w.get("fact.reason"), c.workflow().reason());
        context.put("facts", facts);
        // One line a person; parts left empty are absent (not null-valued), so the template prints no stray commas.
        List<Map<String, Object>> people = new ArrayList<>();
        for (BookingRequest.Participant p : request.participants()) {
            Map<String, Object> person = new HashMap<>(Map.of("name", p.name()));
            String more = lines(p.organisation(), p.role()).replace("\n", ", ");
            if (!more.isEmpty()) person.put("more", more);
            if (!p.email().isEmpty()) person.put("email", p.email());
            people.add(person);
        }
        context.put("people", people);
        context.put("hasParticipants", !people.isEmpty());
        context.put("participantCount", people.size());

        // The visitor may have their personal data erased at any time, while there is any.
        context.put("erasable", !se.smartcitysweden.booking.domain.PersonalData.isAnonymised(c.workflow()));
        Map<String, String> typed = focus.typed();
        context.put("noActions", allowed.isEmpty());
        if (!allowed.isEmpty()) {
            context.put("deadline", allowed.contains("participants") ? w.format("visit.participants.until", w.date(deadline))
                    : w.format("visit.participants.closed", w.date(deadline)));
        }
        for (String action : allowed) {
            boolean selected = action.equals(focus.action());
            Map<String, String> values = selected ? typed : Map.of();
            Map<String, Object> form = new HashMap<>();
            List<Map<String, Object>> errors = selected ? errors(w, focus.errors()) : List.of();
            form.put("selected", selected);
            form.put("open", selected);
            form.put("errors", errors);
            form.put("hasErrors", !errors.isEmpty());
            switch (action) {
                case "participants" -> {
                    form.put("expected", values.getOrDefault("expectedParticipants", Integer.toString(request.expectedParticipants())));
                    form.put("max", BookingRules.MAX_PARTICIPANTS);
                    form.put("rows", participantRows(request, values, !selected));
                }
                case "other-dates" -> {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (int i = 0; i < BookingRules.MAX_DATE_RANGES; i++) {
                        String prefix = "preferredDates[" + i + "].";
                        rows.add(Map.of("index", i, "number", i + 1, "from", values.getOrDefault(prefix + "from", ""),
                                "to", values.getOrDefault(prefix + "to", ""), "required", i == 0));
                    }
                    form.put("rows", rows);
                    form.put("message", values.getOrDefault("message", ""));
                }
                default -> form.put("reason", values.getOrDefault("reason", ""));
            }
            context.put(switch (action) {
                case "other-dates" -> "otherDates";
                case "participants" -> "participantsForm";
                default -> action;
            }, form);
        }

        context.put("history", history(c, w, HistorySentences.Reader.VISITOR));
        return PageTemplates.render("visit", context);
    }

    /** The participant rows of the form: the list as it stands (or as typed), and empty rows to add more. */
    private static List<Map<String, Object>> participantRows(BookingRequest request, Map<String, String> typed, boolean stored) {
        List<Map<String, Object>> rows = new ArrayList<>();
        int filled = stored ? request.participants().size()
                : typed.keySet().stream().filter(k -> k.startsWith("participants[")).map(k -> k.substring(13, k.indexOf(']')))
                        .filter(i -> i.matches("\\d{1,3}")).mapToInt(Integer::parseInt).map(i -> i + 1).max().orElse(0);
        int count = Math.min(BookingRules.MAX_PARTICIPANTS, filled + 3);
        for (int i = 0; i < count; i++) {
            Map<String, Object> row = new HashMap<>();
            row.put("index", i);
            row.put("number", i + 1);
            for (String field : List.of("name", "organisation", "role", "email", "country")) {
                String value = "";
                if (stored && i < request.participants().size()) {
                    BookingRequest.Participant p = request.participants().get(i);
                    value = switch (field) {
                        case "name" -> p.name();
                        case "organisation" -> p.organisation();
                        case "role" -> p.role();
                        case "email" -> p.email();
                        default -> p.country();
                    };
                } else if (!stored) {
                    value = typed.getOrDefault("participants[" + i + "]." + field, "");
                }
                row.put(field, value);
            }
            rows.add(row);
        }
        return rows;
    }

    /** Text for a mailto: link's query: percent-encoded, spaces as %20 (mail programs show a '+' as it is). */
    private static String mailtoText(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A short page: a title and a few paragraphs (thanks, a refused link, a temporary problem). */
    static String message(PageWords w, String title, String... paragraphs) {
        Map<String, Object> context = base(w, title);
        context.put("paragraphs", List.of(paragraphs));
        return PageTemplates.render("message", context);
    }

    private static Map<String, Object> base(PageWords w, String title) {
        Map<String, Object> context = new HashMap<>();
        context.put("lang", w.language().code());
        context.put("css", PageTemplates.CSS);
        context.put("t", w.all());
        context.put("title", title);
        return context;
    }

    /** The dates the confirm form proposes: the agreed visit, else the first preferred period that has not passed. */
    private static LocalDate[] proposedDays(BookingCase c, LocalDate today) {
        if (c.workflow().visit().isPresent()) {
            Workflow.Visit visit = c.workflow().visit().get();
            return new LocalDate[] {visit.from(), visit.to()};
        }
        for (DateRange range : c.booking().request().preferredDates()) {
            if (!range.from().isBefore(today)) return new LocalDate[] {range.from(), range.to()};
        }
        return new LocalDate[] {today, today};
    }

    private static List<Map<String, Object>> errors(PageWords w, List<FieldError> errors) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (FieldError error : errors) {
            String field = error.field().replaceAll("\\[\\d+]$", "");
            java.util.regex.Matcher row = java.util.regex.Pattern.compile("(\\w+)\\[(\\d+)]\\.(\\w+)").matcher(field);
            String label = field.isEmpty() ? "" : w.has("field." + field) ? w.get("field." + field)
                    // A list row's field, as "Participant 2: e-mail".
                    : row.matches() && w.has("field." + row.group(1) + "." + row.group(3))
                    ? w.format("field." + row.group(1) + "." + row.group(3), Integer.parseInt(row.group(2)) + 1) : error.field();
            list.add(Map.of("label", label, "message", error.message()));
        }
        return list;
    }

    /** The booking's fields in the order and words of the coordinator's e-mail, and its participants. */
    private static void details(Map<String, Object> context, Booking booking, MailWords words) {
        Map<String, Object> details = BookingMails.details(booking, words);
        for (String key : List.of("rows", "participants", "hasParticipants", "participantCount")) {
            context.put(key, details.get(key));
        }
    }

    /** Who did what when, from the request on, in the page's language (the sentences are made in shared). */
    private static List<Map<String, Object>> history(BookingCase c, PageWords w, HistorySentences.Reader reader) {
        return HistorySentences.of(w.language()).lines(c, reader).stream().<Map<String, Object>>map(line -> Map.of(
                "when", line.when(), "who", line.who(), "what", line.what(), "detail", line.detail())).toList();
    }

    private static String range(PageWords w, LocalDate from, LocalDate to) {
        return from.equals(to) ? w.date(from) : w.date(from) + " – " + w.date(to);
    }

    private static void fact(List<Map<String, Object>> facts, String label, String value) {
        if (value != null && !value.isBlank()) facts.add(Map.of("label", label, "value", value));
    }

    private static String lines(String... parts) {
        List<String> present = new ArrayList<>();
        for (String part : parts) if (part != null && !part.isBlank()) present.add(part);
        return String.join("\n", present);
    }
}
