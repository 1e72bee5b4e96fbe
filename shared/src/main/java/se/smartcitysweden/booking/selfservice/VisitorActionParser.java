package se.smartcitysweden.booking.selfservice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToIntFunction;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import se.smartcitysweden.booking.validation.BookingRules;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.validation.FreeText;
import se.smartcitysweden.booking.validation.Messages;
import se.smartcitysweden.booking.workflow.ActionParser;

/**
 * Reads a visitor's change from a JSON body (the page's forms are turned into the same shape):
 * {@code {"action":"cancel","reason"}}, {@code {"action":"other-dates","preferredDates":[{from,to}],"message"}},
 * {@code {"action":"participants","expectedParticipants","participants":[…]}}. Dates and participants
 * are checked by the booking form's own rules (BookingRequestParser), so a change can hold nothing
 * the form would refuse.
 */
public final class VisitorActionParser {
    public static final List<String> ACTIONS = List.of("cancel", "other-dates", "participants");

    private final Messages messages;
    private final Language language;
    private final LocalDate today;
    private final List<FieldError> errors = new ArrayList<>();
    private ToIntFunction<Node> minimumNoticeDays = node -> 0;

    private VisitorActionParser(Language language, LocalDate today) {
        this.messages = Messages.of(language);
        this.language = language;
        this.today = today;
    }

    public static ActionParser.Parsed<VisitorAction> parse(JsonNode body, BookingRequest current, LocalDate today) {
        return parse(body, current, today, node -> 0);
    }

    /** The same, with the nodes' minimum notice in days, which other dates must keep as a new booking's do. */
    public static ActionParser.Parsed<VisitorAction> parse(JsonNode body, BookingRequest current, LocalDate today,
                                                           ToIntFunction<Node> minimumNoticeDays) {
        VisitorActionParser parser = new VisitorActionParser(current.language(), today);
        parser.minimumNoticeDays = minimumNoticeDays;
        return parser.parseBody(body, current);
    }

    private ActionParser.Parsed<VisitorAction> parseBody(JsonNode body, BookingRequest current) {
        if (body == null || !body.isObject()) return invalid(messages.error("", "invalid_body"));
        JsonNode name = body.get("action");
        if (name == null || !name.isTextual() || !ACTIONS.contains(name.textValue())) {
            return invalid(messages.error("action", name == null ? "required" : "invalid_choice", String.join(", ", ACTIONS)));
        }
        VisitorAction action = switch (name.textValue()) {
            case "cancel" -> {
                fields(body, Set.of("reason"));
                yield new VisitorAction.Cancel(text(body, "reason", true));
            }
            case "other-dates" -> {
                fields(body, Set.of("preferredDates", "message"));
                String message = text(body, "message", false);
                yield probe(current, body.get("preferredDates"), null, null)
                        .map(request -> new VisitorAction.OtherDates(request.preferredDates(), message)).orElse(null);
            }
            default -> {
                fields(body, Set.of("expectedParticipants", "participants"));
                yield probe(current, null, body.get("expectedParticipants"), body.get("participants"))
                        .map(request -> new VisitorAction.ChangeParticipants(request.expectedParticipants(),
                                request.participants())).orElse(null);
            }
        };
        return errors.isEmpty() && action != null ? new ActionParser.Parsed<>(Optional.of(action), List.of())
                : new ActionParser.Parsed<>(Optional.empty(), List.copyOf(errors));
    }

    /**
     * The visitor's fields checked as the booking form checks them: inside an otherwise valid
     * request, so every error names one of the visitor's fields. A field not asked about is
     * filled with a valid stand-in (and not used).
     */
    private Optional<BookingRequest> probe(BookingRequest current, JsonNode dates, JsonNode expected, JsonNode participants) {
        ObjectNode body = Json.object();
        body.put("node", current.node().id());
        body.put("language", language.code());
        body.put("mainGoal", current.mainGoal().id());
        body.put("purpose", "-");
        body.putArray("focusAreas").add(current.focusAreas().get(0).id());
        if (dates != null) body.set("preferredDates", dates);
        else body.putArray("preferredDates").addObject().put("from", today.toString()).put("to", today.toString());
        if (expected != null) body.set("expectedParticipants", expected);
        else if (dates != null) body.put("expectedParticipants", 1);
        if (participants != null) body.set("participants", participants);
        body.putObject("contact").put("name", "-").put("email", "visitor@example.org");
        body.put("acceptsCosts", true);
        body.put("consent", true);
        // New dates keep the node's minimum notice; the stand-in date (other changes) is not judged by it.
        BookingRequestParser.Result result = BookingRequestParser.parse(body, today, dates != null ? minimumNoticeDays : node -> 0);
        errors.addAll(result.errors());
        return result.request();
    }

    private void fields(JsonNode body, Set<String> allowed) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name) && !name.equals("action")) errors.add(messages.error(name, "unknown_field"));
        }
    }

    private String text(JsonNode body, String name, boolean required) {
        return FreeText.read(body, name, BookingRules.MAX_LONG_TEXT, required, messages, errors);
    }

    private ActionParser.Parsed<VisitorAction> invalid(FieldError error) {
        return new ActionParser.Parsed<>(Optional.empty(), List.of(error));
    }
}
