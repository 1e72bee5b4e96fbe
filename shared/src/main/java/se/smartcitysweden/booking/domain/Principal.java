package se.smartcitysweden.booking.domain;

import java.util.Set;

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
}
