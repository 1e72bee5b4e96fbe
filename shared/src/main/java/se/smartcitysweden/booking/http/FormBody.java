package se.smartcitysweden.booking.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.json.Json;

/**
 * Turns an {@code application/x-www-form-urlencoded} booking (a form posted without JavaScript)
 * into the same JSON tree the API takes, so both go through one validation. Field names:
 * {@code contact.email}, {@code participants[0].name}, {@code preferredDates[1].from}, a repeated
 * {@code focusAreas}; check boxes send {@code true} or {@code on}. Blank values are left out, and
 * list rows left wholly blank are dropped, so a form may carry spare empty rows.
 */
public final class FormBody {
    private FormBody() { }

    /**
     * The tree, the fields whose percent-encoding is broken (by name; the raw name when the name
     * itself is broken), and the non-blank fields as decoded, in order (to send them again).
     */
    public record Parsed(ObjectNode tree, List<String> malformed, List<Map.Entry<String, String>> fields) { }

    private static final Set<String> BOOLEANS = Set.of("meetCompanies", "acceptsCosts", "consent");
    private static final Set<String> INTEGERS = Set.of("expectedParticipants");
    private static final Set<String> LISTS = Set.of("focusAreas");
    private static final Set<String> TRUE = Set.of("true", "on", "yes");
    private static final Set<String> FALSE = Set.of("false", "off", "no");
    private static final Pattern INDEXED = Pattern.compile("([A-Za-z]+)\\[(\\d{1,3})]\\.([A-Za-z]+)");
    private static final Pattern NESTED = Pattern.compile("([A-Za-z]+)\\.([A-Za-z]+)");

    public static ObjectNode toTree(String body) {
        return parse(body).tree();
    }

    public static Parsed parse(String body) {
        ObjectNode tree = Json.object();
        List<String> malformed = new ArrayList<>();
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        Map<String, TreeMap<Integer, ObjectNode>> rows = new LinkedHashMap<>();
        if (body == null) return new Parsed(tree, malformed, fields);
        for (String pair : body.split("&")) {
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
                (parent instanceof ObjectNode object ? object : tree.putObject(nested.group(1)))
                        .put(nested.group(2), value);
            } else if (LISTS.contains(name)) {
                (tree.get(name) instanceof ArrayNode list ? list : tree.putArray(name)).add(value);
            } else if (BOOLEANS.contains(name) && TRUE.contains(value)) {
                tree.put(name, true);
            } else if (BOOLEANS.contains(name) && FALSE.contains(value)) {
                tree.put(name, false);
            } else if (INTEGERS.contains(name) && value.strip().matches("-?\\d{1,9}")) {
                tree.put(name, Integer.parseInt(value.strip()));
            } else {
                tree.put(name, value); // left as text: validation names the field and the problem
            }
        }
        // Rows in index order; a row whose fields were all blank never got created.
        rows.forEach((list, byIndex) -> tree.putArray(list).addAll(byIndex.values()));
        return new Parsed(tree, malformed, fields);
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
        Optional<String> text = HttpBodies.utf8(escaped.toByteArray());
        escaped.reset();
        text.ifPresent(out::append);
        return text.isPresent();
    }
}
