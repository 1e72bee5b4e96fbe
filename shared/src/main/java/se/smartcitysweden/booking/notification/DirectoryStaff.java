package se.smartcitysweden.booking.notification;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import se.smartcitysweden.booking.domain.Actor;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.workflow.Staff;

/**
 * {@link Staff} from the coordinator directory: a node's coordinators act as coordinators of that
 * node, the national office's people as the national office (on every node), each with the name the
 * directory gives them (else their address). {@code hash} is the console's keyed hash of an
 * address (ConsoleSessions.who), with which a console link names its person.
 */
public final class DirectoryStaff implements Staff {
    private final CoordinatorDirectory directory;
    private final UnaryOperator<String> hash;

    public DirectoryStaff(CoordinatorDirectory directory, UnaryOperator<String> hash) {
        this.directory = directory;
        this.hash = hash;
    }

    @Override
    public Optional<Actor> byHash(Node node, String who) {
        if (who == null || who.isEmpty()) return Optional.empty();
        return of(node).stream().filter(a -> hash.apply(a.email()).equals(who)).findFirst();
    }

    @Override
    public Optional<Actor> byAddress(Node node, String address) {
        if (address == null || address.isBlank()) return Optional.empty();
        String wanted = address.strip().toLowerCase(Locale.ROOT);
        return of(node).stream().filter(a -> a.email().toLowerCase(Locale.ROOT).equals(wanted)).findFirst();
    }

    @Override
    public List<Actor> of(Node node) {
        List<Actor> people = new ArrayList<>();
        // Someone in both lists is the national office, as the console's sign-in makes them.
        for (Mailbox m : directory.coordinators(node)) {
            if (directory.nationalOffice().stream().noneMatch(n -> n.address().equalsIgnoreCase(m.address()))) {
                people.add(new Actor(Actor.Kind.COORDINATOR, Optional.of(node), m.name(), m.address()));
            }
        }
        for (Mailbox m : directory.nationalOffice()) {
            people.add(new Actor(Actor.Kind.NATIONAL_OFFICE, Optional.empty(), m.name(), m.address()));
        }
        return people;
    }
}
