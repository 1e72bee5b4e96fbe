package se.smartcitysweden.booking.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.VisitPlan;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.FreeText;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.validation.TextRules;

/** Reads a coordinator's action or a visitor's feedback from a JSON body, naming every problem. */
public final class ActionParser {
    public static final List<String> ACTIONS = List.of("acknowledge", "confirm", "decline", "cancel", "complete",
            "record-outcome", "correct-outcome", "reopen", "erase",
            "update-plan");
    /** The plan's text fields, in the form's order. */
    static final List<String> PLAN_TEXTS = List.of("meetingPlace", "mapUrl", "hostName", "hostPhone", "hostEmail", "programme", "notes");
    private static final int MAX_PLACE = 500;
    private static final int MAX_URL = 2_000;
    private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile("([01]\\d|2[0-3]):[0-5]\\d");
    private static final int MAX_COMPANIES = 50;

    public record Parsed<T>(Optional<T> value, List<FieldError> errors) { }

    /** The visitor's feedback after the visit. */
    public record FeedbackInput(int rating, String comment) { }

    private final Messages messages;
    private final LocalDate today;
    private final List<FieldError> errors = new ArrayList<>();

    private ActionParser(Language language, LocalDate today) {
        this.messages = Messages.of(language);
        this.today = today;
    }

    public static Parsed<CoordinatorAction> action(JsonNode body, Language language, LocalDate today) {
        return new ActionParser(language, today).parseAction(body);
    }

    public static Parsed<FeedbackInput> feedback(JsonNode body, Language language) {
        return new ActionParser(language, LocalDate.MIN).parseFeedback(body);
    }

    private Parsed<CoordinatorAction> parseAction(JsonNode body) {
        if (body == null || !body.isObject()) return invalid("", "invalid_body");
        JsonNode name = body.get("action");
        if (name == null || !name.isTextual()) return invalid("action", name == null ? "required" : "invalid_choice",
                String.join(", ", ACTIONS));
        CoordinatorAction action = switch (name.textValue()) {
            case "acknowledge" -> fields(body, Set.of()) ? new CoordinatorAction.Acknowledge() : null;
            case "complete" -> complete(body);
            case "confirm" -> confirm(body);
            case "decline" -> {
                fields(body, Set.of("reason"));
                String reason = text(body, "reason", BookingRules.MAX_LONG_TEXT, true);
                yield new CoordinatorAction.Decline(reason);
            }
            case "cancel" -> {
                fields(body, Set.of("reason"));
                yield new CoordinatorAction.Cancel(text(body, "reason", BookingRules.MAX_LONG_TEXT, false));
            }
            case "record-outcome" -> outcome(body);
            case "correct-outcome" -> {
                CoordinatorAction.RecordOutcome read = outcome(body);
                yield new CoordinatorAction.CorrectOutcome(read.outcome(), read.companiesMet(), read.businessInterest());
            }
            case "reopen" -> fields(body, Set.of()) ? new CoordinatorAction.Reopen() : null;
            case "erase" -> fields(body, Set.of()) ? new CoordinatorAction.Erase() : null;
            case "update-plan" -> {
                Set<String> allowed = new java.util.HashSet<>(PLAN_TEXTS);
                allowed.add("hours");
                fields(body, allowed);
                List<VisitPlan.DayHours> hours = hours(body);
                VisitPlan texts = planTexts(body);
                yield new CoordinatorAction.UpdatePlan(texts.withHours(hours));
            }
            default -> {
                errors.add(messages.error("action", "invalid_choice", String.join(", ", ACTIONS)));
                yield null;
            }
        };
        return errors.isEmpty() ? new Parsed<>(Optional.ofNullable(action), List.of()) : new Parsed<>(Optional.empty(), errors);
    }

    private Parsed<FeedbackInput> parseFeedback(JsonNode body) {
        if (body == null || !body.isObject()) {
            errors.add(messages.error("", "invalid_body"));
            return new Parsed<>(Optional.empty(), errors);
        }
        fields(body, Set.of("rating", "comment"), false);
        JsonNode rating = body.get("rating");
        int value = 0;
        if (rating == null || rating.isNull()) errors.add(messages.error("rating", "required"));
        else if (!rating.isIntegralNumber() || rating.intValue() < 1 || rating.intValue() > 5) {
            errors.add(messages.error("rating", "out_of_range", 1, 5));
        } else value = rating.intValue();
        String comment = text(body, "comment", BookingRules.MAX_LONG_TEXT, false);
        return errors.isEmpty() ? new Parsed<>(Optional.of(new FeedbackInput(value, comment)), List.of())
                : new Parsed<>(Optional.empty(), errors);
    }

    private CoordinatorAction confirm(JsonNode body) {
        Set<String> allowed = new java.util.HashSet<>(PLAN_TEXTS);
        allowed.addAll(List.of("date", "endDate", "start", "end"));
        fields(body, allowed);
        Optional<LocalDate> date = date(body, "date", true);
        Optional<LocalDate> end = date(body, "endDate", false);
        // The plan comes with the confirmation when any of its fields is given (the page's form always gives them).
        boolean planGiven = PLAN_TEXTS.stream().anyMatch(body::has) || body.has("start") || body.has("end");
        int before = errors.size();
        Optional<LocalTime> startTime = time(body, "start", "start");
        Optional<LocalTime> endTime = time(body, "end", "end");
        if (errors.size() == before) { // each time read: then whether they make a day
            if (startTime.isPresent() != endTime.isPresent()) {
                errors.add(messages.error(startTime.isPresent() ? "end" : "start", "time_pair"));
            } else if (startTime.isPresent() && !endTime.get().isAfter(startTime.get())) {
                errors.add(messages.error("end", "time_order"));
            }
        }
        VisitPlan texts = planTexts(body);
        if (date.isEmpty()) return null;
        LocalDate last = end.orElse(date.get());
        if (last.isBefore(date.get())) {
            errors.add(messages.error("endDate", "date_order"));
            return null;
        }
        if (ChronoUnit.DAYS.between(date.get(), last) + 1 > BookingRules.MAX_RANGE_DAYS) {
            errors.add(messages.error("endDate", "range_too_long", BookingRules.MAX_RANGE_DAYS));
            return null;
        }
        if (!errors.isEmpty()) return null;
        List<VisitPlan.DayHours> hours = startTime.isPresent()
                ? VisitPlan.everyDay(date.get(), last, startTime.get(), endTime.get()) : List.of();
        return new CoordinatorAction.Confirm(date.get(), last, planGiven ? Optional.of(texts.withHours(hours)) : Optional.empty());
    }

    /** The plan's texts, each checked: which field is wrong and why, in the coordinator's language. */
    private VisitPlan planTexts(JsonNode body) {
        String place = text(body, "meetingPlace", MAX_PLACE, false);
        String mapUrl = link(body, "mapUrl", false);
        String hostName = line(body, "hostName", BookingRules.MAX_SHORT_TEXT);
        String hostPhone = line(body, "hostPhone", BookingRules.MAX_PHONE);
        if (!hostPhone.isEmpty() && !TextRules.isPhone(hostPhone)) {
            errors.add(messages.error("hostPhone", "invalid_phone"));
            hostPhone = "";
        }
        String hostEmail = line(body, "hostEmail", TextRules.MAX_EMAIL_LENGTH);
        if (!hostEmail.isEmpty()) {
            if (TextRules.isEmail(hostEmail)) hostEmail = TextRules.normaliseEmail(hostEmail);
            else {
                errors.add(messages.error("hostEmail", "invalid_email"));
                hostEmail = "";
            }
        }
        String programme = text(body, "programme", BookingRules.MAX_MESSAGE, false);
        // A programme that looks like an address must be a safe one (https), else it is text.
        if (programme.matches("(?i)[a-z][a-z0-9+.-]*:\\S*") && !VisitPlan.isHttps(programme)) {
            errors.add(messages.error("programme", "invalid_https_url"));
            programme = "";
        }
        String notes = text(body, "notes", BookingRules.MAX_LONG_TEXT, false);
        return new VisitPlan(List.of(), place, mapUrl, hostName, hostPhone, hostEmail, programme, notes);
    }

    /** {@code hours}: a list of {day, start, end}, at most one per day, the end after the start. */
    private List<VisitPlan.DayHours> hours(JsonNode body) {
        List<VisitPlan.DayHours> hours = new ArrayList<>();
        JsonNode list = body.get("hours");
        if (list == null || list.isNull()) return hours;
        if (!list.isArray()) {
            errors.add(new FieldError("hours", "invalid_type", messages.text("invalid_type.list")));
            return hours;
        }
        if (list.size() > BookingRules.MAX_RANGE_DAYS) {
            errors.add(messages.error("hours", "too_many", BookingRules.MAX_RANGE_DAYS));
            return hours;
        }
        Set<LocalDate> seen = new java.util.HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String path = "hours[" + i + "]";
            JsonNode row = list.get(i);
            if (!row.isObject()) {
                errors.add(new FieldError(path, "invalid_type", messages.text("invalid_type.object")));
                continue;
            }
            for (Iterator<String> names = row.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!Set.of("day", "start", "end").contains(name)) errors.add(messages.error(path + "." + name, "unknown_field"));
            }
            Optional<LocalDate> day = Optional.empty();
            JsonNode d = row.get("day");
            if (d == null || !d.isTextual() || d.textValue().isBlank()) errors.add(messages.error(path + ".day", "required"));
            else if (!d.textValue().matches("\\d{4}-\\d{2}-\\d{2}")) errors.add(messages.error(path + ".day", "invalid_date"));
            else {
                try {
                    day = Optional.of(LocalDate.parse(d.textValue()));
                } catch (DateTimeParseException e) {
                    errors.add(messages.error(path + ".day", "invalid_date"));
                }
            }
            int before = errors.size();
            Optional<LocalTime> start = time(row, "start", path + ".start");
            Optional<LocalTime> end = time(row, "end", path + ".end");
            // A day with neither time has no hours yet: left out, as a blank row of the form.
            if (errors.size() > before || (start.isEmpty() && end.isEmpty())) continue;
            if (start.isPresent() != end.isPresent()) {
                errors.add(messages.error(path + (start.isPresent() ? ".end" : ".start"), "time_pair"));
            } else if (!end.get().isAfter(start.get())) {
                errors.add(messages.error(path + ".end", "time_order"));
            } else if (day.isPresent()) {
                if (!seen.add(day.get())) errors.add(messages.error(path + ".day", "duplicate"));
                else hours.add(new VisitPlan.DayHours(day.get(), start.get(), end.get()));
            }
        }
        return hours;
    }

    /** A time of day as HH:MM (24 hours); blank is none. */
    private Optional<LocalTime> time(JsonNode body, String name, String path) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) return Optional.empty();
        String text = value.isTextual() ? value.textValue().strip() : "";
        // Browsers' time inputs may add seconds (HH:MM:SS): accepted when they are zero.
        if (text.length() == 8 && text.endsWith(":00")) text = text.substring(0, 5);
        if (!TIME.matcher(text).matches()) {
            errors.add(messages.error(path, "invalid_time"));
            return Optional.empty();
        }
        return Optional.of(LocalTime.parse(text));
    }

    /** A one-line text. */
    private String line(JsonNode body, String name, int max) {
        String text = text(body, name, max, false);
        if (text.contains("\n")) {
            errors.add(messages.error(name, "control_characters", 0));
            return "";
        }
        return text;
    }

    /** An https address (map link): anything else is refused, so no page or mail carries another scheme. */
    private String link(JsonNode body, String name, boolean required) {
        String text = line(body, name, MAX_URL);
        if (text.isEmpty()) {
            if (required) errors.add(messages.error(name, "required"));
            return "";
        }
        if (!VisitPlan.isHttps(text)) {
            errors.add(messages.error(name, "invalid_https_url"));
            return "";
        }
        return text;
    }

    /**
     * How many came: {@code attended} (1 to {@link CoordinatorAction.Complete#MAX_ATTENDED}), or the separate
     * choice {@code noShow: true} (nobody came). A count of 0 is read as a no-show too; a count beside a no-show is refused.
     */
    private CoordinatorAction complete(JsonNode body) {
        fields(body, Set.of("attended", "noShow"));
        JsonNode noShow = body.get("noShow");
        JsonNode attended = body.get("attended");
        boolean nobody = false;
        if (noShow != null && !noShow.isNull()) {
            if (!noShow.isBoolean()) {
                errors.add(new FieldError("noShow", "invalid_type", messages.text("invalid_type.boolean")));
                return null;
            }
            nobody = noShow.booleanValue();
        }
        boolean counted = attended != null && !attended.isNull() && !(attended.isTextual() && attended.textValue().isBlank());
        if (nobody) {
            if (counted && !(attended.isIntegralNumber() && attended.intValue() == 0)) {
                errors.add(messages.error("attended", "attended_with_no_show"));
                return null;
            }
            return new CoordinatorAction.Complete(0);
        }
        if (!counted) {
            errors.add(messages.error("attended", "attended_required"));
            return null;
        }
        if (!attended.isIntegralNumber()) {
            errors.add(new FieldError("attended", "invalid_type", messages.text("invalid_type.integer")));
            return null;
        }
        if (attended.intValue() < 0 || attended.intValue() > CoordinatorAction.Complete.MAX_ATTENDED) {
            errors.add(messages.error("attended", "out_of_range", 0, CoordinatorAction.Complete.MAX_ATTENDED));
            return null;
        }
        return new CoordinatorAction.Complete(attended.intValue());
    }

    private CoordinatorAction.RecordOutcome outcome(JsonNode body) {
        fields(body, Set.of("outcome", "companiesMet", "businessInterest"));
        String outcome = text(body, "outcome", BookingRules.MAX_MESSAGE, true);
        List<String> companies = new ArrayList<>();
        JsonNode list = body.get("companiesMet");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                errors.add(new FieldError("companiesMet", "invalid_type", messages.text("invalid_type.list")));
            } else if (list.size() > MAX_COMPANIES) {
                errors.add(messages.error("companiesMet", "too_many", MAX_COMPANIES));
            } else {
                for (int i = 0; i < list.size(); i++) {
                    JsonNode item = list.get(i);
                    String path = "companiesMet[" + i + "]";
                    if (!item.isTextual()) {
                        errors.add(new FieldError(path, "invalid_type", messages.text("invalid_type.text")));
                        continue;
                    }
                    String company = TextRules.normalise(item.textValue(), false);
                    if (company.isEmpty()) continue;
                    if (TextRules.hasForbiddenCharacters(company, false)) {
                        errors.add(messages.error(path, "control_characters", 0));
                    } else if (TextRules.length(company) > BookingRules.MAX_SHORT_TEXT) {
                        errors.add(messages.error(path, "too_long", BookingRules.MAX_SHORT_TEXT));
                    } else {
                        companies.add(company);
                    }
                }
            }
        }
        JsonNode interest = body.get("businessInterest");
        if (interest == null || interest.isNull()) errors.add(messages.error("businessInterest", "required"));
        else if (!interest.isBoolean()) {
            errors.add(new FieldError("businessInterest", "invalid_type", messages.text("invalid_type.boolean")));
        }
        return new CoordinatorAction.RecordOutcome(outcome, companies, interest != null && interest.asBoolean(false));
    }

    private boolean fields(JsonNode body, Set<String> allowed) {
        return fields(body, allowed, true);
    }

    /** Refuses fields other than the allowed ones (and "action" where the body names one). */
    private boolean fields(JsonNode body, Set<String> allowed, boolean hasAction) {
        int before = errors.size();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name) && !(hasAction && name.equals("action"))) {
                errors.add(messages.error(name, "unknown_field"));
            }
        }
        return errors.size() == before;
    }

    private String text(JsonNode body, String name, int max, boolean required) {
        return FreeText.read(body, name, max, required, messages, errors);
    }

    private Optional<LocalDate> date(JsonNode body, String name, boolean required) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.textValue().isBlank())) {
            if (required) errors.add(messages.error(name, "required"));
            return Optional.empty();
        }
        try {
            if (!value.isTextual() || !value.textValue().matches("\\d{4}-\\d{2}-\\d{2}")) throw new DateTimeParseException("", "", 0);
            LocalDate date = LocalDate.parse(value.textValue());
            if (date.isBefore(today)) {
                errors.add(messages.error(name, "date_in_past"));
                return Optional.empty();
            }
            if (date.isAfter(today.plusYears(BookingRules.BOOKING_HORIZON_YEARS))) {
                errors.add(messages.error(name, "too_far_ahead"));
                return Optional.empty();
            }
            return Optional.of(date);
        } catch (DateTimeParseException e) {
            errors.add(messages.error(name, "invalid_date"));
            return Optional.empty();
        }
    }

    private <T> Parsed<T> invalid(String field, String code, Object... arguments) {
        errors.add(messages.error(field, code, arguments));
        return new Parsed<>(Optional.empty(), errors);
    }
}
