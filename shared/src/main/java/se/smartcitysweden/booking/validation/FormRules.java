package se.smartcitysweden.booking.validation;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.TreeSet;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;

/**
 * The booking rules as one JSON document for the browser form, so the form checks exactly what
 * {@link BookingRequestParser} checks without a second hand-kept list: the choices (nodes, main
 * goals, focus areas, languages), the limits of {@link BookingRules}, the e-mail and phone
 * patterns of {@link TextRules}, the country codes with their names in every form language, the
 * names of the choices ({@link ChoiceLabels}) and the validation messages of every language (MessageFormat patterns, keyed by error code).
 *
 * <p>{@link #main} writes the document to a file; the Maven build writes {@code web/booking-rules.json}.
 */
public final class FormRules {
    private FormRules() { }

    /** Version of the document's shape; the form refuses a document it does not know. */
    public static final int FORMAT = 1;
    static final String BUNDLE = "se.smartcitysweden.booking.validation.ValidationMessages";

    public static ObjectNode document() {
        ObjectNode rules = Json.object();
        rules.put("format", FORMAT);
        rules.put("timeZone", Booking.SWEDISH_TIME.getId());

        ArrayNode nodes = rules.putArray("nodes");
        for (Node node : Node.values()) nodes.addObject().put("id", node.id()).put("city", node.city());
        ArrayNode goals = rules.putArray("mainGoals");
        for (MainGoal goal : MainGoal.values()) goals.add(goal.id());
        ArrayNode areas = rules.putArray("focusAreas");
        for (FocusArea area : FocusArea.values()) areas.add(area.id());
        ArrayNode languages = rules.putArray("languages");
        for (Language language : Language.values()) languages.add(language.code());

        ObjectNode limits = rules.putObject("limits");
        limits.put("maxLongText", BookingRules.MAX_LONG_TEXT);
        limits.put("maxMessage", BookingRules.MAX_MESSAGE);
        limits.put("maxShortText", BookingRules.MAX_SHORT_TEXT);
        limits.put("maxPhone", BookingRules.MAX_PHONE);
        limits.put("minFocusAreas", BookingRules.MIN_FOCUS_AREAS);
        limits.put("maxFocusAreas", BookingRules.MAX_FOCUS_AREAS);
        limits.put("minDateRanges", BookingRules.MIN_DATE_RANGES);
        limits.put("maxDateRanges", BookingRules.MAX_DATE_RANGES);
        limits.put("maxRangeDays", BookingRules.MAX_RANGE_DAYS);
        limits.put("bookingHorizonYears", BookingRules.BOOKING_HORIZON_YEARS);
        limits.put("minParticipants", BookingRules.MIN_PARTICIPANTS);
        limits.put("maxParticipants", BookingRules.MAX_PARTICIPANTS);
        limits.put("maxBodyBytes", BookingRules.MAX_BODY_BYTES);
        limits.put("maxEmailLength", TextRules.MAX_EMAIL_LENGTH);
        limits.put("maxEmailLocalPart", TextRules.MAX_EMAIL_LOCAL_PART);

        // Java and JavaScript read these patterns alike (no look-behind, possessives or inline flags);
        // the form anchors them (^...$), as Matcher.matches() does.
        ObjectNode patterns = rules.putObject("patterns");
        patterns.put("email", TextRules.EMAIL.pattern());
        patterns.put("phone", TextRules.PHONE.pattern());
        patterns.put("phoneMinDigits", TextRules.PHONE_MIN_DIGITS);

        // Each node's minimum notice in days (the deployment's CoordinatorDirectory): none in the built file;
        // scripts/deploy-form.sh and the local runtime fill it in from the stack's directory (withMinimumNotice).
        rules.putObject("minimumNoticeDays");

        ObjectNode countries = rules.putObject("countries");
        ObjectNode messages = rules.putObject("messages");
        ObjectNode labels = rules.putObject("labels");
        for (Language language : Language.values()) {
            countries.set(language.code(), countries(language.locale()));
            messages.set(language.code(), messages(language));
            labels.set(language.code(), labels(language));
        }
        return rules;
    }

    /** Every ISO 3166-1 code the server accepts, as [code, name] sorted by name in that language. */
    static ArrayNode countries(Locale locale) {
        Collator collator = Collator.getInstance(locale);
        List<String[]> named = new ArrayList<>();
        for (String code : Locale.getISOCountries()) {
            named.add(new String[] {code, new Locale("", code).getDisplayCountry(locale)});
        }
        named.sort(Comparator.<String[], String>comparing(pair -> pair[1], collator).thenComparing(pair -> pair[0]));
        ArrayNode list = Json.MAPPER.createArrayNode();
        named.forEach(pair -> list.addArray().add(pair[0]).add(pair[1]));
        return list;
    }

    /** The bundle of one language, exactly as the server formats it (MessageFormat patterns). */
    static ObjectNode messages(Language language) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, language.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        ObjectNode messages = Json.object();
        for (String key : new TreeSet<>(bundle.keySet())) messages.put(key, bundle.getString(key));
        return messages;
    }

    /** The names of the choices in one language, as the e-mails and pages name them too ({@link ChoiceLabels}). */
    static ObjectNode labels(Language language) {
        ChoiceLabels names = ChoiceLabels.of(language);
        ObjectNode labels = Json.object();
        ObjectNode goals = labels.putObject("mainGoals");
        for (MainGoal goal : MainGoal.values()) goals.put(goal.id(), names.mainGoal(goal));
        ObjectNode areas = labels.putObject("focusAreas");
        for (FocusArea area : FocusArea.values()) areas.put(area.id(), names.focusArea(area));
        ObjectNode languages = labels.putObject("languages");
        for (Language named : Language.values()) languages.put(named.code(), names.language(named));
        return labels;
    }

    /** The document with each node's minimum notice in days (0s left out): what the form checks before sending. */
    public static ObjectNode withMinimumNotice(ObjectNode rules, Map<Node, Integer> minimumNoticeDays) {
        ObjectNode notice = rules.putObject("minimumNoticeDays");
        for (Node node : Node.values()) {
            int days = minimumNoticeDays.getOrDefault(node, 0);
            if (days > 0) notice.put(node.id(), days);
        }
        return rules;
    }

    /**
     * Writes the document to the path given (default {@code booking-rules.json}), creating folders. A second
     * argument is a CoordinatorDirectory's JSON (as the stack's parameter), or {@code @file} holding it: its nodes' "visits"."minimumNoticeDays"
     * go into the document. (Read here with Jackson alone: the directory's class is notification's, which this
     * package must not lean on.)
     */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : "booking-rules.json");
        ObjectNode rules = document();
        if (args.length > 1 && !args[1].isBlank()) {
            // "@file": the JSON is in that file (a shell passes it so without quoting it).
            String directory = args[1].startsWith("@") ? Files.readString(Path.of(args[1].substring(1))) : args[1];
            Map<Node, Integer> notice = new java.util.EnumMap<>(Node.class);
            com.fasterxml.jackson.databind.JsonNode nodes = Json.parse(directory).path("nodes");
            for (Node node : Node.values()) {
                com.fasterxml.jackson.databind.JsonNode days = nodes.path(node.id()).path("visits").path("minimumNoticeDays");
                if (days.canConvertToInt() && days.isIntegralNumber() && days.intValue() >= 0) notice.put(node, days.intValue());
            }
            withMinimumNotice(rules, notice);
        }
        if (target.toAbsolutePath().getParent() != null) Files.createDirectories(target.toAbsolutePath().getParent());
        Files.writeString(target, Json.write(rules) + "\n", StandardCharsets.UTF_8);
    }
}
