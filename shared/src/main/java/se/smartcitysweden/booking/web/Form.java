package se.smartcitysweden.booking.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.json.Json;

/**
 * The one decoder of a form posted without JavaScript ({@code application/x-www-form-urlencoded}), and the same
 * JSON tree the API takes, so both go through one validation. Field names: {@code contact.email},
 * {@code participants[0].name}, {@code preferredDates[1].from}, a repeated {@code focusAreas}; check boxes and
 * yes/no choices send {@code true}, {@code on}, {@code yes}, {@code ja} (or their opposites); "companies met" is
 * one company a line. Blank values are left out, and list rows left wholly blank are dropped, so a form may carry
 * spare empty rows. A value that cannot be converted stays text, and validation names the field.
 */
public final class Form {
    private static final Set<String> BOOLEANS = Set.of("meetCompanies", "acceptsCosts", "consent", "businessInterest", "noShow");
    private static final Set<String> INTEGERS = Set.of("expectedParticipants", "rating", "attended");
    private static final Set<String> REPEATED = Set.of("focusAreas");
    private static final Set<String> LINES = Set.of("companiesMet");
    private static final Set<String> DATES = Set.of("date", "endDate");
    private static final Set<String> TRUE = Set.of("true", "on", "yes", "ja");
    private static final Set<String> FALSE = Set.of("false", "off", "no", "nej");
    private static final Pattern INDEXED = Pattern.compile("([A-Za-z]+)\\[(\\d{1,3})]\\.([A-Za-z]+)");
    private static final Pattern NESTED = Pattern.compile("([A-Za-z]+)\\.([A-Za-z]+)");
    private static final Pattern ROW = Pattern.compile("([A-Za-z]+)\\[(\\d{1,3})](.*)");

    private final ObjectNode tree;
    private final List<String> malformed;
    private final List<Map.Entry<String, String>> fields;

    private Form(ObjectNode tree, List<String> malformed, List<Map.Entry<String, String>> fields) {
        this.tree = tree;
        this.malformed = malformed;
        this.fields = fields;
    }

    /** The JSON tree the form stands for (a copy: the caller may change it). */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** The fields whose percent-encoding is broken, by name (the raw name when the name itself is broken); left out. */
    public List<String> malformed() {
        return malformed;
    }

    /** The non-blank fields as decoded, in order (to send them again). */
    public List<Map.Entry<String, String>> fields() {
        return fields;
    }

    /** What was typed, to show the form again: the first value of each field. */
    public Map<String, String> values() {
        Map<String, String> values = new LinkedHashMap<>();
        fields.forEach(field -> values.putIfAbsent(field.getKey(), field.getValue()));
        return values;
    }

    /**
     * A field of the tree ({@code participants[1].email}) as the form named it: rows left wholly blank were dropped,
     * so the tree's row 1 may be the form's row 2, and a page must name the row the visitor filled in.
     */
    public static String asTyped(String field, List<Map.Entry<String, String>> fields) {
        Matcher row = ROW.matcher(field);
        if (!row.matches()) return field;
        TreeSet<Integer> typed = new TreeSet<>();
        for (Map.Entry<String, String> entry : fields) {
            Matcher indexed = INDEXED.matcher(entry.getKey());
            if (indexed.matches() && indexed.group(1).equals(row.group(1))) typed.add(Integer.parseInt(indexed.group(2)));
        }
        int index = Integer.parseInt(row.group(2));
        return index < typed.size() ? row.group(1) + "[" + new ArrayList<>(typed).get(index) + "]" + row.group(3) : field;
    }

    public static Form parse(String body) {
        ObjectNode tree = Json.object();
        List<String> malformed = new ArrayList<>();
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        Map<String, TreeMap<Integer, ObjectNode>> rows = new LinkedHashMap<>();
        for (String pair : body == null ? new String[0] : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String rawName = eq < 0 ? pair : pair.substring(0, eq);
            Optional<String> decodedName = decode(rawName);
            Optional<String> decodedValue = eq < 0 ? Optional.of("") : decode(pair.substring(eq + 1));
            if (decodedName.isEmpty() || decodedValue.isEmpty()) {
                malformed.add(decodedName.orElse(rawName));
                continue;
            }
            String name = decodedName.get();
            String value = decodedValue.get();
            if (value.isBlank()) continue;
            fields.add(Map.entry(name, value));
            Matcher indexed = INDEXED.matcher(name);
            Matcher nested = NESTED.matcher(name);
            if (indexed.matches()) {
                rows.computeIfAbsent(indexed.group(1), list -> new TreeMap<>())
                        .computeIfAbsent(Integer.parseInt(indexed.group(2)), row -> Json.object())
                        .put(indexed.group(3), value);
            } else if (nested.matches()) {
                JsonNode parent = tree.get(nested.group(1));
                (parent instanceof ObjectNode object ? object : tree.putObject(nested.group(1))).put(nested.group(2), value);
            } else if (REPEATED.contains(name)) {
                (tree.get(name) instanceof ArrayNode list ? list : tree.putArray(name)).add(value);
            } else if (!tree.has(name)) { // a repeated single field keeps its first value, as values() shows it
                tree.set(name, converted(name, value));
            }
        }
        // Rows in index order; a row whose fields were all blank never got created.
        rows.forEach((list, byIndex) -> tree.putArray(list).addAll(byIndex.values()));
        return new Form(tree, malformed, fields);
    }

    private static JsonNode converted(String name, String value) {
        String answer = value.strip().toLowerCase(Locale.ROOT);
        if (BOOLEANS.contains(name) && TRUE.contains(answer)) return Json.MAPPER.getNodeFactory().booleanNode(true);
        if (BOOLEANS.contains(name) && FALSE.contains(answer)) return Json.MAPPER.getNodeFactory().booleanNode(false);
        if (INTEGERS.contains(name) && answer.matches("-?\\d{1,9}")) return Json.MAPPER.getNodeFactory().numberNode(Integer.parseInt(answer));
        if (DATES.contains(name)) return Json.MAPPER.getNodeFactory().textNode(value.strip());
        if (LINES.contains(name)) {
            ArrayNode lines = Json.MAPPER.createArrayNode();
            for (String line : value.split("\\R")) if (!line.isBlank()) lines.add(line.strip());
            return lines;
        }
        return Json.MAPPER.getNodeFactory().textNode(value);
    }

    /**
     * Strict percent-decoding: '+' is a space, every '%' takes two hex digits, and the bytes must
     * be UTF-8. Empty when the text breaks a rule (java.net.URLDecoder throws for some and
     * silently replaces others).
     */
    static Optional<String> decode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) return Optional.empty();
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) return Optional.empty();
                escaped.write(high * 16 + low);
                i += 2;
                continue;
            }
            if (!flush(escaped, out)) return Optional.empty();
            out.append(c == '+' ? ' ' : c);
        }
        return flush(escaped, out) ? Optional.of(out.toString()) : Optional.empty();
    }

    private static boolean flush(ByteArrayOutputStream escaped, StringBuilder out) {
        if (escaped.size() == 0) return true;
        Optional<String> text = HttpRequest.utf8(escaped.toByteArray());
        escaped.reset();
        text.ifPresent(out::append);
        return text.isPresent();
    }
}
