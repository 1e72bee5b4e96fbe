package se.smartcitysweden.booking.console;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.port.Mailbox;

/**
 * Who is signed in to the console, without their address: {@code who} is a keyed hash of it
 * (for the audit trail), {@code nodes} the nodes whose bookings they see; the national office
 * sees all six.
 */
public record Principal(String who, Set<Node> nodes, boolean national) {
    public Principal {
        nodes = Set.copyOf(nodes);
    }

    public boolean sees(Node node) {
        return nodes.contains(node);
    }

    /** What the directory grants an address: the national office every node, a coordinator their node(s); else nothing. */
    public static Optional<Principal> of(CoordinatorDirectory directory, String address, String who) {
        String wanted = address.toLowerCase(Locale.ROOT);
        if (listed(directory.nationalOffice(), wanted)) return Optional.of(new Principal(who, EnumSet.allOf(Node.class), true));
        Set<Node> nodes = EnumSet.noneOf(Node.class);
        for (Node node : Node.values()) {
            if (listed(directory.coordinators(node), wanted)) nodes.add(node);
        }
        return nodes.isEmpty() ? Optional.empty() : Optional.of(new Principal(who, nodes, false));
    }

    private static boolean listed(java.util.List<Mailbox> mailboxes, String address) {
        return mailboxes.stream().anyMatch(m -> m.address().toLowerCase(Locale.ROOT).equals(address));
    }
}
