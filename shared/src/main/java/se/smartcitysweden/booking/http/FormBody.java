package se.smartcitysweden.booking.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static final Set<String> BOOLEANS = Set.of("meetCompanies", "acceptsCosts", "consent");
    private static final Set<String> INTEGERS = Set.of("expectedParticipants");
    private static final Set<String> LISTS = Set.of("focusAreas");
    private static final Set<String> TRUE = Set.of("true", "on", "yes");
    private static final Set<String> FALSE = Set.of("false", "off", "no");
    private static final Pattern INDEXED = Pattern.compile("([A-Za-z]+)\\[(\\d{1,3})]\\.([A-Za-z]+)");
    private static final Pattern NESTED = Pattern.compile("([A-Za-z]+)\\.([A-Za-z]+)");

    public static ObjectNode toTree(String body) {
        ObjectNode tree = Json.object();
        Map<String, TreeMap<Integer, ObjectNode>> rows = new LinkedHashMap<>();
        if (body == null) return tree;
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            if (value.isBlank()) continue;
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
        return tree;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
