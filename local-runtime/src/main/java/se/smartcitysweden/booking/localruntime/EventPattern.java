package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One filter pattern of an event source mapping's {@code FilterCriteria}, with Lambda's event
 * filtering semantics (the EventBridge pattern language) for the subset this project needs:
 *
 * <ul>
 *   <li>a pattern is a JSON object; every field of it must match (AND); a nested object matches
 *       the event's object at that field; a leaf is an array of conditions of which one must
 *       match (OR); where the event holds an array, one of its elements must match;</li>
 *   <li>conditions: exact strings, numbers (compared as numbers: {@code 5} matches {@code 5.0}),
 *       booleans and {@code null}; {@code {"prefix": "…"}}, {@code {"suffix": "…"}},
 *       {@code {"equals-ignore-case": "…"}}; {@code {"exists": true|false}};
 *       {@code {"anything-but": value | [values] | {"prefix": "…"}}} (the field must be there);
 *       {@code {"numeric": ["=", 5, ">=", 1, "<", 10]}}.</li>
 * </ul>
 *
 * Anything else (wildcard, cidr, $or) is refused when the pattern is read, as Lambda refuses a
 * pattern it cannot parse, so that a typing mistake shows at start instead of as silence.
 */
public final class EventPattern {
    private static final Set<String> NUMERIC_OPERATORS = Set.of("=", "<", "<=", ">", ">=");

    private final JsonNode pattern;
    private final String text;

    private EventPattern(JsonNode pattern, String text) {
        this.pattern = pattern;
        this.text = text;
    }

    /** Reads and checks a pattern (the {@code Pattern} string of a filter). */
    public static EventPattern parse(String text) {
        JsonNode pattern;
        try {
            pattern = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("filter pattern is not JSON: " + e.getOriginalMessage() + ": " + text);
        }
        if (pattern == null || !pattern.isObject()) {
            throw new IllegalArgumentException("a filter pattern must be a JSON object: " + text);
        }
        validateObject(pattern, "");
        return new EventPattern(pattern, text);
    }

    /** True when the event (one stream record's JSON, as the function receives it) matches. */
    public boolean matches(JsonNode event) {
        return matchesObject(pattern, event);
    }

    /** True when any of the patterns matches (the filters of one FilterCriteria are ORed); true for none. */
    public static boolean anyMatches(List<EventPattern> patterns, JsonNode event) {
        if (patterns.isEmpty()) return true;
        for (EventPattern pattern : patterns) {
            if (pattern.matches(event)) return true;
        }
        return false;
    }

    @Override
    public String toString() { return text; }

    private static boolean matchesObject(JsonNode pattern, JsonNode event) {
        Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = event == null ? null : event.get(field.getKey());
            if (!matchesField(field.getValue(), value)) return false;
        }
        return true;
    }

    /** @param value the event's value at the field, or null when the field is absent */
    private static boolean matchesField(JsonNode pattern, JsonNode value) {
        if (pattern.isObject()) {
            if (value != null && value.isArray()) {
                for (JsonNode element : value) {
                    if (element.isObject() && matchesObject(pattern, element)) return true;
                }
                return matchesObject(pattern, null);
            }
            return matchesObject(pattern, value != null && value.isObject() ? value : null);
        }
        List<JsonNode> values = new ArrayList<>();
        if (value != null) {
            if (value.isArray()) value.forEach(values::add);
            else values.add(value);
        }
        for (JsonNode condition : pattern) {
            if (condition.isObject() && condition.has("exists")) {
                boolean present = value != null && !(value.isArray() && value.isEmpty());
                if (present == condition.get("exists").asBoolean()) return true;
                continue;
            }
            for (JsonNode candidate : values) {
                if (matchesCondition(condition, candidate)) return true;
            }
        }
        return false;
    }

    private static boolean matchesCondition(JsonNode condition, JsonNode value) {
        if (!condition.isObject()) return equal(condition, value);
        Map.Entry<String, JsonNode> operator = condition.fields().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "prefix" -> value.isTextual() && value.asText().startsWith(operand.asText());
            case "suffix" -> value.isTextual() && value.asText().endsWith(operand.asText());
            case "equals-ignore-case" -> value.isTextual() && value.asText().equalsIgnoreCase(operand.asText());
            case "anything-but" -> anythingBut(operand, value);
            case "numeric" -> numeric(operand, value);
            default -> throw new IllegalStateException("unchecked operator " + operator.getKey());
        };
    }

    private static boolean anythingBut(JsonNode operand, JsonNode value) {
        if (operand.isObject()) {
            return !(value.isTextual() && value.asText().startsWith(operand.get("prefix").asText()));
        }
        if (operand.isArray()) {
            for (JsonNode excluded : operand) {
                if (equal(excluded, value)) return false;
            }
            return true;
        }
        return !equal(operand, value);
    }

    private static boolean numeric(JsonNode operand, JsonNode value) {
        if (!value.isNumber()) return false;
        BigDecimal number = value.decimalValue();
        for (int i = 0; i < operand.size(); i += 2) {
            int comparison = number.compareTo(operand.get(i + 1).decimalValue());
            boolean holds = switch (operand.get(i).asText()) {
                case "=" -> comparison == 0;
                case "<" -> comparison < 0;
                case "<=" -> comparison <= 0;
                case ">" -> comparison > 0;
                case ">=" -> comparison >= 0;
                default -> false;
            };
            if (!holds) return false;
        }
        return true;
    }

    private static boolean equal(JsonNode expected, JsonNode value) {
        if (expected.isNumber()) return value.isNumber() && expected.decimalValue().compareTo(value.decimalValue()) == 0;
        if (expected.isTextual()) return value.isTextual() && expected.asText().equals(value.asText());
        if (expected.isBoolean()) return value.isBoolean() && expected.asBoolean() == value.asBoolean();
        if (expected.isNull()) return value.isNull();
        return false;
    }

    private static void validateObject(JsonNode pattern, String path) {
        if (pattern.isEmpty()) throw new IllegalArgumentException("empty object in filter pattern at " + where(path));
        pattern.fields().forEachRemaining(field -> {
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JsonNode value = field.getValue();
            if (field.getKey().startsWith("$")) {
                throw new IllegalArgumentException("unsupported pattern key " + field.getKey() + " at " + where(at));
            }
            if (value.isObject()) {
                validateObject(value, at);
            } else if (value.isArray()) {
                if (value.isEmpty()) throw new IllegalArgumentException("empty condition list at " + where(at));
                value.forEach(condition -> validateCondition(condition, at));
            } else {
                throw new IllegalArgumentException("a pattern's leaf must be an array of conditions, not " + value
                        + ", at " + where(at));
            }
        });
    }

    private static void validateCondition(JsonNode condition, String at) {
        if (condition.isValueNode()) return;
        if (!condition.isObject() || condition.size() != 1) {
            throw new IllegalArgumentException("bad condition " + condition + " at " + where(at));
        }
        Map.Entry<String, JsonNode> operator = condition.fields().next();
        JsonNode operand = operator.getValue();
        switch (operator.getKey()) {
            case "prefix", "suffix", "equals-ignore-case" -> {
                if (!operand.isTextual()) fail(condition, at, "expects a string");
            }
            case "exists" -> {
                if (!operand.isBoolean()) fail(condition, at, "expects true or false");
            }
            case "anything-but" -> {
                if (operand.isObject()) {
                    if (operand.size() != 1 || !operand.path("prefix").isTextual()) {
                        fail(condition, at, "supports only a value, a list of values or {\"prefix\": \"…\"}");
                    }
                } else if (operand.isArray()) {
                    operand.forEach(value -> {
                        if (!value.isValueNode()) fail(condition, at, "list must hold plain values");
                    });
                } else if (!operand.isValueNode()) {
                    fail(condition, at, "expects a value or a list of values");
                }
            }
            case "numeric" -> {
                if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0) {
                    fail(condition, at, "expects [operator, number, ...]");
                }
                for (int i = 0; i < operand.size(); i += 2) {
                    if (!NUMERIC_OPERATORS.contains(operand.get(i).asText()) || !operand.get(i + 1).isNumber()) {
                        fail(condition, at, "expects [operator, number, ...] with operators " + NUMERIC_OPERATORS);
                    }
                }
            }
            default -> fail(condition, at, "is not supported by the local runtime (supported: exact values, prefix, "
                    + "suffix, equals-ignore-case, exists, anything-but, numeric)");
        }
    }

    private static void fail(JsonNode condition, String at, String why) {
        throw new IllegalArgumentException("filter condition " + condition + " at " + where(at) + " " + why);
    }

    private static String where(String path) {
        return path.isEmpty() ? "the top" : path;
    }
}
