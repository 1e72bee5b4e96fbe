package se.smartcitysweden.booking.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.FreeText;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.validation.TextRules;

/** Reads a coordinator's action or a visitor's feedback from a JSON body, naming every problem. */
public final class ActionParser {
    public static final List<String> ACTIONS = List.of("acknowledge", "confirm", "decline", "cancel", "complete",
            "record-outcome", "correct-outcome", "reopen", "erase");
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
        fields(body, Set.of("date", "endDate"));
        Optional<LocalDate> date = date(body, "date", true);
        Optional<LocalDate> end = date(body, "endDate", false);
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
        return new CoordinatorAction.Confirm(date.get(), last);
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
