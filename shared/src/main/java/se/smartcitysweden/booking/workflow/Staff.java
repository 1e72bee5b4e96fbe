package se.smartcitysweden.booking.workflow;

import java.util.List;
import java.util.Optional;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Node;

/**
 * The people who may act on a node's bookings (its coordinators and the national office), as actors
 * of the history: who acts is recorded as the person, never guessed. A link the console made for
 * its signed-in person names them by the console's keyed hash of their address; a link from an
 * e-mail (sent to all the node's coordinators) names nobody, and the page asks who acts.
 */
public interface Staff {
    /** Nobody is known by name: every staff action is "a coordinator of the node". */
    Staff NONE = new Staff() {
        public Optional<Actor> byHash(Node node, String who) { return Optional.empty(); }

        public Optional<Actor> byAddress(Node node, String address) { return Optional.empty(); }

        public List<Actor> of(Node node) { return List.of(); }
    };

    /** The person whose keyed address hash is {@code who}, if they may act on the node's bookings. */
    Optional<Actor> byHash(Node node, String who);

    /** The person of this address, if they may act on the node's bookings. */
    Optional<Actor> byAddress(Node node, String address);

    /** Everyone who may act on the node's bookings: its coordinators, then the national office. */
    List<Actor> of(Node node);
}
