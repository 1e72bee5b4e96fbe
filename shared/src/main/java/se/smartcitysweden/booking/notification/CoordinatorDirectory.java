package se.smartcitysweden.booking.notification;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.VisitDefaults;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.validation.TextRules;

/**
 * Who receives a node's bookings, set per deployment (template parameter CoordinatorDirectory):
 * <pre>{"nodes": {"umea": ["koordinator@example.org"], ...},
 *  "nationalOffice": ["besok@example.org"], "copyNationalOffice": ["umea"] or "all"}</pre>
 * Every node must have at least one recipient; the national office is copied on new bookings
 * of the listed nodes and receives the weekly digest and the last reminders.
 *
 * <p>A person may be named, so the history and the visitor see who they deal with:
 * {@code {"email": "anna@example.org", "name": "Anna Berg"}} in place of the bare address. A node may
 * also carry its usual visit (see {@link VisitDefaults}):
 * <pre>"umea": {"coordinators": [...], "visits": {"meetingPlace": "...", "mapUrl": "https://...",
 *   "host": {"name": "...", "phone": "...", "email": "..."}, "dayStart": "09:00", "dayEnd": "16:00",
 *   "minimumNoticeDays": 10}}</pre>
 */
public final class CoordinatorDirectory {
    private final Map<Node, List<Mailbox>> coordinators;
    private final List<Mailbox> nationalOffice;
    private final Set<Node> copyNationalOffice;
    private final Map<Node, VisitDefaults> visitDefaults;

    public CoordinatorDirectory(Map<Node, List<Mailbox>> coordinators, List<Mailbox> nationalOffice,
                                Set<Node> copyNationalOffice) {
        this(coordinators, nationalOffice, copyNationalOffice, Map.of());
    }

    public CoordinatorDirectory(Map<Node, List<Mailbox>> coordinators, List<Mailbox> nationalOffice,
                                Set<Node> copyNationalOffice, Map<Node, VisitDefaults> visitDefaults) {
        for (Node node : Node.values()) {
            if (coordinators.getOrDefault(node, List.of()).isEmpty()) {
                throw new IllegalArgumentException("no coordinator for node " + node.id());
            }
        }
        this.coordinators = Map.copyOf(coordinators);
        this.nationalOffice = List.copyOf(nationalOffice);
        this.copyNationalOffice = Set.copyOf(copyNationalOffice);
        this.visitDefaults = Map.copyOf(visitDefaults);
    }

    /** Reads the directory from its JSON form; throws {@link IllegalArgumentException} naming what is wrong. */
    public static CoordinatorDirectory parse(String json) {
        JsonNode root = Json.parse(json);
        Map<Node, List<Mailbox>> coordinators = new EnumMap<>(Node.class);
        Map<Node, VisitDefaults> visits = new EnumMap<>(Node.class);
        root.path("nodes").fields().forEachRemaining(entry -> {
            Node node = Node.fromId(entry.getKey())
                    .orElseThrow(() -> new IllegalArgumentException("unknown node " + entry.getKey()));
            String path = "nodes." + entry.getKey();
            JsonNode value = entry.getValue();
            if (value.isObject()) {
                coordinators.put(node, addresses(value.path("coordinators"), path + ".coordinators"));
                if (value.has("visits")) visits.put(node, visitDefaults(value.path("visits"), path + ".visits"));
            } else {
                coordinators.put(node, addresses(value, path));
            }
        });
        JsonNode copy = root.path("copyNationalOffice");
        Set<Node> copied = EnumSet.noneOf(Node.class);
        if (copy.isTextual() && copy.textValue().equals("all")) {
            copied.addAll(EnumSet.allOf(Node.class));
        } else {
            copy.forEach(id -> copied.add(Node.fromId(id.asText())
                    .orElseThrow(() -> new IllegalArgumentException("unknown node " + id.asText()))));
        }
        return new CoordinatorDirectory(coordinators, addresses(root.path("nationalOffice"), "nationalOffice"), copied, visits);
    }

    /** Bare addresses or {"email", "name"} objects. */
    private static List<Mailbox> addresses(JsonNode list, String path) {
        List<Mailbox> mailboxes = new ArrayList<>();
        list.forEach(entry -> {
            String address = entry.isObject() ? entry.path("email").asText() : entry.asText();
            if (!TextRules.isEmail(address)) throw new IllegalArgumentException("bad address in " + path);
            mailboxes.add(new Mailbox(entry.path("name").asText("").strip(), address));
        });
        return mailboxes;
    }

    private static VisitDefaults visitDefaults(JsonNode visits, String path) {
        JsonNode host = visits.path("host");
        String hostEmail = host.path("email").asText("");
        if (!hostEmail.isBlank() && !TextRules.isEmail(hostEmail)) throw new IllegalArgumentException("bad address in " + path + ".host");
        String mapUrl = visits.path("mapUrl").asText("");
        if (!mapUrl.isBlank() && !mapUrl.startsWith("https://")) throw new IllegalArgumentException(path + ".mapUrl must start with https://");
        JsonNode notice = visits.path("minimumNoticeDays");
        if (!notice.isMissingNode() && !(notice.canConvertToInt() && notice.asInt() >= 0 && notice.asInt() <= 365)) {
            throw new IllegalArgumentException(path + ".minimumNoticeDays must be a whole number of days, 0 to 365");
        }
        try {
            return new VisitDefaults(visits.path("meetingPlace").asText(""), mapUrl, host.path("name").asText(""),
                    host.path("phone").asText(""), hostEmail, time(visits, "dayStart"), time(visits, "dayEnd"), notice.asInt(0));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException(path + ": " + e.getMessage());
        }
    }

    private static Optional<LocalTime> time(JsonNode visits, String field) {
        String value = visits.path(field).asText("");
        return value.isBlank() ? Optional.empty() : Optional.of(LocalTime.parse(value));
    }

    public List<Mailbox> coordinators(Node node) {
        return coordinators.get(node);
    }

    /** A node's usual visit; {@link VisitDefaults#NONE} when the directory sets none. */
    public VisitDefaults visitDefaults(Node node) {
        return visitDefaults.getOrDefault(node, VisitDefaults.NONE);
    }

    /** The name the directory gives an address (a coordinator or the national office), if any. */
    public Optional<String> nameOf(String address) {
        String wanted = address == null ? "" : address.toLowerCase(Locale.ROOT);
        return Stream.concat(coordinators.values().stream().flatMap(List::stream), nationalOffice.stream())
                .filter(m -> m.address().toLowerCase(Locale.ROOT).equals(wanted) && !m.name().isBlank())
                .map(Mailbox::name).findFirst();
    }

    public List<Mailbox> nationalOffice() {
        return nationalOffice;
    }

    /** Who is copied on a new booking of this node. */
    public List<Mailbox> copyOnNewBooking(Node node) {
        return copyNationalOffice.contains(node) ? nationalOffice : List.of();
    }
}
