package se.smartcitysweden.booking.validation;

import static se.smartcitysweden.booking.validation.BookingRules.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingRequest.Contact;
import se.smartcitysweden.booking.domain.BookingRequest.DateRange;
import se.smartcitysweden.booking.domain.BookingRequest.Organiser;
import se.smartcitysweden.booking.domain.BookingRequest.Participant;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;

/**
 * Turns a request body (a JSON tree) into a {@link BookingRequest}, or into the list of every
 * problem found, each with its field path and a message in the request's language.
 * One parser per request: it collects errors as it goes.
 */
public final class BookingRequestParser {

    public static final Set<String> FIELDS = Set.of("node", "language", "mainGoal", "purpose", "focusAreas",
            "focusDescription", "meetCompanies", "companyTypes", "specialRequests", "preferredDates",
            "expectedParticipants", "participants", "contact", "organiser", "message", "acceptsCosts",
            "consent", "website");
    private static final Set<String> DATE_RANGE_FIELDS = Set.of("from", "to");
    private static final Set<String> PARTICIPANT_FIELDS = Set.of("name", "organisation", "role", "email", "country");
    private static final Set<String> CONTACT_FIELDS = Set.of("name", "email", "phone", "organisation", "country");
    private static final Set<String> ORGANISER_FIELDS = Set.of("name", "email", "organisation");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    /** Either a valid request or the errors; never both. */
    public record Result(Optional<BookingRequest> request, List<FieldError> errors, Language language) {
        public boolean isValid() { return request.isPresent(); }
    }

    private final LocalDate today;
    private final ToIntFunction<Node> minimumNoticeDays;
    private final List<FieldError> errors = new ArrayList<>();
    private Messages messages = Messages.of(Language.EN);

    private BookingRequestParser(LocalDate today, ToIntFunction<Node> minimumNoticeDays) {
        this.today = today;
        this.minimumNoticeDays = minimumNoticeDays;
    }

    /** @param today the current date in Europe/Stockholm, against which preferred dates are checked */
    public static Result parse(JsonNode body, LocalDate today) {
        return parse(body, today, node -> 0);
    }

    /**
     * @param minimumNoticeDays how many days ahead of {@code today} a node's visits must be asked for (the
     *                          CoordinatorDirectory's "minimumNoticeDays" of the node; 0: any day from today)
     */
    public static Result parse(JsonNode body, LocalDate today, ToIntFunction<Node> minimumNoticeDays) {
        return new BookingRequestParser(today, minimumNoticeDays).parseBody(body);
    }

    /** The first day a node's visit may be asked for, given its notice. */
    public static LocalDate earliestDay(LocalDate today, int minimumNoticeDays) {
        return today.plusDays(Math.max(0, minimumNoticeDays));
    }

    /** A day as the notice message names it ("17 December 2026", "17 december 2026"). */
    static String longDate(LocalDate day, Language language) {
        return DateTimeFormatter.ofPattern("d MMMM yyyy", language.locale()).format(day);
    }

    /** The language a body asks for, for messages about it; English when absent or unknown. */
    public static Language languageOf(JsonNode body) {
        JsonNode language = body == null ? null : body.get("language");
        return language != null && language.isTextual()
                ? Language.fromCode(language.textValue()).orElse(Language.EN) : Language.EN;
    }

    private Result parseBody(JsonNode body) {
        Language language = languageOf(body);
        messages = Messages.of(language);
        if (body == null || !body.isObject()) {
            errors.add(messages.error("", "invalid_body"));
            return new Result(Optional.empty(), errors, language);
        }
        refuseUnknown(body, "", FIELDS);

        Optional<Node> node = choice(body, "node", "node", Node::fromId, Node.values(), Node::id, true);
        choice(body, "language", "language", Language::fromCode, Language.values(), Language::code, false);
        Optional<MainGoal> mainGoal = choice(body, "mainGoal", "mainGoal", MainGoal::fromId, MainGoal.values(), MainGoal::id, true);
        String purpose = text(body, "purpose", "purpose", MAX_LONG_TEXT, true, true);
        List<FocusArea> focusAreas = focusAreas(body.get("focusAreas"));
        String focusDescription = text(body, "focusDescription", "focusDescription", MAX_LONG_TEXT, true, false);
        Optional<Boolean> meetCompanies = bool(body, "meetCompanies", "meetCompanies");
        boolean wantsCompanies = meetCompanies.orElse(false);
        String companyTypes = text(body, "companyTypes", "companyTypes", MAX_LONG_TEXT, true, wantsCompanies);
        String specialRequests = text(body, "specialRequests", "specialRequests", MAX_LONG_TEXT, true, false);
        List<DateRange> preferredDates = preferredDates(body.get("preferredDates"), node, language);
        Optional<Integer> expected = integer(body, "expectedParticipants", MIN_PARTICIPANTS, MAX_PARTICIPANTS);
        List<Participant> participants = participants(body.get("participants"), expected);
        Contact contact = contact(body.get("contact"));
        Optional<Organiser> organiser = organiser(body.get("organiser"));
        String message = text(body, "message", "message", MAX_MESSAGE, true, false);
        mustAccept(body, "acceptsCosts");
        mustAccept(body, "consent");

        if (!errors.isEmpty()) {
            return new Result(Optional.empty(), List.copyOf(errors), language);
        }
        BookingRequest request = new BookingRequest(node.orElseThrow(), language, mainGoal.orElseThrow(), purpose,
                focusAreas, focusDescription, meetCompanies, wantsCompanies ? companyTypes : "", specialRequests,
                preferredDates, expected.orElseThrow(), participants, contact, organiser, message);
        return new Result(Optional.of(request), List.of(), language);
    }

    private void refuseUnknown(JsonNode object, String prefix, Set<String> known) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) errors.add(messages.error(prefix + TextRules.withoutLoneSurrogates(name), "unknown_field"));
        }
    }

    private boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private FieldError typeError(String path, String kind) {
        return new FieldError(path, "invalid_type", messages.text("invalid_type." + kind));
    }

    /** A text field; returns "" when absent or wrong, after recording the error. */
    private String text(JsonNode parent, String name, String path, int maxLength, boolean multiLine, boolean required) {
        JsonNode value = parent.get(name);
        if (absent(value)) {
            if (required) errors.add(messages.error(path, "required"));
            return "";
        }
        if (!value.isTextual()) {
            errors.add(typeError(path, "text"));
            return "";
        }
        if (TextRules.hasLoneSurrogate(value.textValue())) {
            errors.add(messages.error(path, "invalid_text"));
            return "";
        }
        String text = TextRules.normalise(value.textValue(), multiLine);
        if (text.isEmpty()) {
            if (required) errors.add(messages.error(path, "required"));
            return "";
        }
        if (TextRules.hasForbiddenCharacters(text, multiLine)) {
            errors.add(messages.error(path, "control_characters", multiLine ? 1 : 0));
            return "";
        }
        if (TextRules.length(text) > maxLength) {
            errors.add(messages.error(path, "too_long", maxLength));
            return "";
        }
        return text;
    }

    private String email(JsonNode parent, String name, String path, boolean required) {
        String text = text(parent, name, path, TextRules.MAX_EMAIL_LENGTH + 1, false, required);
        if (text.isEmpty()) return text;
        if (!TextRules.isEmail(text)) {
            errors.add(messages.error(path, "invalid_email"));
            return "";
        }
        return TextRules.normaliseEmail(text);
    }

    private String country(JsonNode parent, String path) {
        String text = text(parent, "country", path, MAX_SHORT_TEXT, false, false);
        if (text.isEmpty()) return text;
        if (!TextRules.isCountry(text)) {
            errors.add(messages.error(path, "invalid_country"));
            return "";
        }
        return text.toUpperCase(Locale.ROOT);
    }

    private <T> Optional<T> choice(JsonNode parent, String name, String path, Function<String, Optional<T>> lookup,
                                   T[] allowed, Function<T, String> idOf, boolean required) {
        JsonNode value = parent.get(name);
        if (absent(value)) {
            if (required) errors.add(messages.error(path, "required"));
            return Optional.empty();
        }
        Optional<T> found = value.isTextual() ? lookup.apply(value.textValue().strip()) : Optional.empty();
        if (found.isEmpty()) {
            String ids = Arrays.stream(allowed).map(idOf).collect(Collectors.joining(", "));
            errors.add(messages.error(path, "invalid_choice", ids));
        }
        return found;
    }

    private Optional<Boolean> bool(JsonNode parent, String name, String path) {
        JsonNode value = parent.get(name);
        if (absent(value)) return Optional.empty();
        if (!value.isBoolean()) {
            errors.add(typeError(path, "boolean"));
            return Optional.empty();
        }
        return Optional.of(value.booleanValue());
    }

    private void mustAccept(JsonNode parent, String name) {
        JsonNode value = parent.get(name);
        if (absent(value) || (value.isBoolean() && !value.booleanValue())) {
            errors.add(messages.error(name, "must_accept"));
        } else if (!value.isBoolean()) {
            errors.add(typeError(name, "boolean"));
        }
    }

    private Optional<Integer> integer(JsonNode parent, String name, int min, int max) {
        JsonNode value = parent.get(name);
        if (absent(value)) {
            errors.add(messages.error(name, "required"));
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(value.isIntegralNumber() ? messages.error(name, "out_of_range", min, max) : typeError(name, "integer"));
            return Optional.empty();
        }
        int number = value.intValue();
        if (number < min || number > max) {
            errors.add(messages.error(name, "out_of_range", min, max));
            return Optional.empty();
        }
        return Optional.of(number);
    }

    /** A list field: checks type and size; null when it cannot be read further. */
    private JsonNode list(JsonNode value, String path, int min, int max, boolean required) {
        if (absent(value)) {
            if (required) errors.add(messages.error(path, "required"));
            return null;
        }
        if (!value.isArray()) {
            errors.add(typeError(path, "list"));
            return null;
        }
        if (value.size() < min) errors.add(messages.error(path, value.isEmpty() && required ? "required" : "too_few", min));
        if (value.size() > max) {
            errors.add(messages.error(path, "too_many", max));
            return null;
        }
        return value;
    }

    private List<FocusArea> focusAreas(JsonNode value) {
        JsonNode list = list(value, "focusAreas", MIN_FOCUS_AREAS, MAX_FOCUS_AREAS, true);
        List<FocusArea> areas = new ArrayList<>();
        if (list == null) return areas;
        for (int i = 0; i < list.size(); i++) {
            String path = "focusAreas[" + i + "]";
            JsonNode item = list.get(i);
            Optional<FocusArea> area = item.isTextual() ? FocusArea.fromId(item.textValue().strip()) : Optional.empty();
            if (area.isEmpty()) {
                String ids = Arrays.stream(FocusArea.values()).map(FocusArea::id).collect(Collectors.joining(", "));
                errors.add(messages.error(path, "invalid_choice", ids));
            } else if (areas.contains(area.get())) {
                errors.add(messages.error(path, "duplicate"));
            } else {
                areas.add(area.get());
            }
        }
        return areas;
    }

    private List<DateRange> preferredDates(JsonNode value, Optional<Node> node, Language language) {
        JsonNode list = list(value, "preferredDates", MIN_DATE_RANGES, MAX_DATE_RANGES, true);
        List<DateRange> ranges = new ArrayList<>();
        if (list == null) return ranges;
        LocalDate horizon = today.plusYears(BOOKING_HORIZON_YEARS);
        for (int i = 0; i < list.size(); i++) {
            String path = "preferredDates[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                errors.add(typeError(path, "object"));
                continue;
            }
            refuseUnknown(item, path + ".", DATE_RANGE_FIELDS);
            Optional<LocalDate> from = date(item, "from", path + ".from", horizon);
            Optional<LocalDate> to = date(item, "to", path + ".to", horizon);
            // The node's minimum notice: a period must start on its earliest day or later; the message names both.
            int notice = node.map(minimumNoticeDays::applyAsInt).orElse(0);
            LocalDate earliest = earliestDay(today, notice);
            if (notice > 0 && from.isPresent() && from.get().isBefore(earliest)) {
                errors.add(messages.error(path + ".from", "too_soon", node.get().city(), longDate(earliest, language), notice));
                continue;
            }
            if (from.isPresent() && to.isPresent()) {
                if (to.get().isBefore(from.get())) {
                    errors.add(messages.error(path + ".to", "date_order"));
                } else if (ChronoUnit.DAYS.between(from.get(), to.get()) + 1 > MAX_RANGE_DAYS) {
                    errors.add(messages.error(path + ".to", "range_too_long", MAX_RANGE_DAYS));
                } else {
                    ranges.add(new DateRange(from.get(), to.get()));
                }
            }
        }
        return ranges;
    }

    private Optional<LocalDate> date(JsonNode parent, String name, String path, LocalDate horizon) {
        String text = text(parent, name, path, 10, false, true);
        if (text.isEmpty()) return Optional.empty();
        LocalDate date;
        try {
            if (!ISO_DATE.matcher(text).matches()) throw new DateTimeParseException("not ISO", text, 0);
            date = LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            errors.add(messages.error(path, "invalid_date"));
            return Optional.empty();
        }
        if (date.isBefore(today)) {
            errors.add(messages.error(path, "date_in_past"));
            return Optional.empty();
        }
        if (date.isAfter(horizon)) {
            errors.add(messages.error(path, "too_far_ahead"));
            return Optional.empty();
        }
        return Optional.of(date);
    }

    private List<Participant> participants(JsonNode value, Optional<Integer> expected) {
        JsonNode list = list(value, "participants", 0, MAX_PARTICIPANTS, false);
        List<Participant> participants = new ArrayList<>();
        if (list == null) return participants;
        if (expected.isPresent() && list.size() > expected.get()) {
            errors.add(messages.error("participants", "more_participants_than_expected", expected.get()));
        }
        for (int i = 0; i < list.size(); i++) {
            String path = "participants[" + i + "]";
            JsonNode item = list.get(i);
            if (!item.isObject()) {
                errors.add(typeError(path, "object"));
                continue;
            }
            refuseUnknown(item, path + ".", PARTICIPANT_FIELDS);
            participants.add(new Participant(
                    text(item, "name", path + ".name", MAX_SHORT_TEXT, false, true),
                    text(item, "organisation", path + ".organisation", MAX_SHORT_TEXT, false, false),
                    text(item, "role", path + ".role", MAX_SHORT_TEXT, false, false),
                    email(item, "email", path + ".email", false),
                    country(item, path + ".country")));
        }
        return participants;
    }

    private Contact contact(JsonNode value) {
        if (absent(value)) {
            errors.add(messages.error("contact", "required"));
            return null;
        }
        if (!value.isObject()) {
            errors.add(typeError("contact", "object"));
            return null;
        }
        refuseUnknown(value, "contact.", CONTACT_FIELDS);
        String phone = text(value, "phone", "contact.phone", MAX_PHONE, false, false);
        if (!phone.isEmpty() && !TextRules.isPhone(phone)) {
            errors.add(messages.error("contact.phone", "invalid_phone"));
        }
        return new Contact(
                text(value, "name", "contact.name", MAX_SHORT_TEXT, false, true),
                email(value, "email", "contact.email", true),
                phone,
                text(value, "organisation", "contact.organisation", MAX_SHORT_TEXT, false, false),
                country(value, "contact.country"));
    }

    private Optional<Organiser> organiser(JsonNode value) {
        if (absent(value)) return Optional.empty();
        if (!value.isObject()) {
            errors.add(typeError("organiser", "object"));
            return Optional.empty();
        }
        refuseUnknown(value, "organiser.", ORGANISER_FIELDS);
        // An organiser block left empty (a form's blank fields) means no organiser.
        Set<String> given = new HashSet<>();
        value.fields().forEachRemaining(field -> {
            if (field.getValue().isTextual() && !field.getValue().textValue().isBlank()) given.add(field.getKey());
            else if (!absent(field.getValue()) && !field.getValue().isTextual()) given.add(field.getKey());
        });
        if (given.isEmpty()) return Optional.empty();
        return Optional.of(new Organiser(
                text(value, "name", "organiser.name", MAX_SHORT_TEXT, false, true),
                email(value, "email", "organiser.email", true),
                text(value, "organisation", "organiser.organisation", MAX_SHORT_TEXT, false, false)));
    }
}
