package se.smartcitysweden.booking.notification;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.validation.TextRules;

/**
 * Who receives a node's bookings, set per deployment (template parameter CoordinatorDirectory):
 * <pre>{"nodes": {"umea": ["koordinator@example.org"], ...},
 *  "nationalOffice": ["besok@example.org"], "copyNationalOffice": ["umea"] or "all"}</pre>
 * Every node must have at least one recipient; the national office is copied on new bookings
 * of the listed nodes and receives the weekly digest and the last reminders.
 */
public final class CoordinatorDirectory {
    private final Map<Node, List<Mailbox>> coordinators;
    private final List<Mailbox> nationalOffice;
    private final Set<Node> copyNationalOffice;

    public CoordinatorDirectory(Map<Node, List<Mailbox>> coordinators, List<Mailbox> nationalOffice,
                                Set<Node> copyNationalOffice) {
        for (Node node : Node.values()) {
            if (coordinators.getOrDefault(node, List.of()).isEmpty()) {
                throw new IllegalArgumentException("no coordinator for node " + node.id());
            }
        }
        this.coordinators = Map.copyOf(coordinators);
        this.nationalOffice = List.copyOf(nationalOffice);
        this.copyNationalOffice = Set.copyOf(copyNationalOffice);
    }

    /** Reads the directory from its JSON form; throws {@link IllegalArgumentException} naming what is wrong. */
    public static CoordinatorDirectory parse(String json) {
        JsonNode root = Json.parse(json);
        Map<Node, List<Mailbox>> coordinators = new EnumMap<>(Node.class);
        root.path("nodes").fields().forEachRemaining(entry -> coordinators.put(
                Node.fromId(entry.getKey()).orElseThrow(() -> new IllegalArgumentException("unknown node " + entry.getKey())),
                addresses(entry.getValue(), "nodes." + entry.getKey())));
        JsonNode copy = root.path("copyNationalOffice");
        Set<Node> copied = EnumSet.noneOf(Node.class);
        if (copy.isTextual() && copy.textValue().equals("all")) {
            copied.addAll(EnumSet.allOf(Node.class));
        } else {
            copy.forEach(id -> copied.add(Node.fromId(id.asText())
                    .orElseThrow(() -> new IllegalArgumentException("unknown node " + id.asText()))));
        }
        return new CoordinatorDirectory(coordinators, addresses(root.path("nationalOffice"), "nationalOffice"), copied);
    }

    private static List<Mailbox> addresses(JsonNode list, String path) {
        List<Mailbox> mailboxes = new ArrayList<>();
        list.forEach(address -> {
            if (!TextRules.isEmail(address.asText())) throw new IllegalArgumentException("bad address in " + path);
            mailboxes.add(Mailbox.of(address.asText()));
        });
        return mailboxes;
    }

    public List<Mailbox> coordinators(Node node) {
        return coordinators.get(node);
    }

    public List<Mailbox> nationalOffice() {
        return nationalOffice;
    }

    /** Who is copied on a new booking of this node. */
    public List<Mailbox> copyOnNewBooking(Node node) {
        return copyNationalOffice.contains(node) ? nationalOffice : List.of();
    }
}
