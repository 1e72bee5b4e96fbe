package se.smartcitysweden.booking.domain;

import java.util.Optional;

/**
 * Who did something to a booking: a coordinator of a node, the national office, the visitor, or a
 * part of the system (the follow-up's runs, the first e-mails, the mail provider's reports). A
 * person's name and e-mail are kept when known, so the history can name them (empty when not).
 */
public record Actor(Kind kind, Optional<Node> node, String name, String email) {

    /** The kinds, with their ids as stored and in the JSON answers ("coordinator:umea" adds the node). */
    public enum Kind {
        COORDINATOR("coordinator"), NATIONAL_OFFICE("national-office"), VISITOR("visitor"),
        FOLLOW_UP("follow-up"), NOTIFICATION("notification"), MAIL_PROVIDER("mail-provider"),
        /** A part of the system this version does not know by name (read from an older or newer item). */
        SYSTEM("system");

        private final String id;

        Kind(String id) { this.id = id; }

        public String id() { return id; }

        public static Optional<Kind> fromId(String id) {
            for (Kind kind : values()) {
                if (kind.id.equals(id)) return Optional.of(kind);
            }
            return Optional.empty();
        }
    }

    public Actor {
        name = name == null ? "" : name;
        email = email == null ? "" : email;
    }

    public static Actor coordinator(Node node) {
        return new Actor(Kind.COORDINATOR, Optional.of(node), "", "");
    }

    public static Actor visitor() {
        return of(Kind.VISITOR);
    }

    public static Actor of(Kind kind) {
        return new Actor(kind, Optional.empty(), "", "");
    }

    /** A person of the booking's staff (a coordinator or the national office), not the visitor or the system. */
    public boolean isStaff() {
        return kind == Kind.COORDINATOR || kind == Kind.NATIONAL_OFFICE;
    }

    /** The id the history has always stored and the JSON answers show: "coordinator:umea", "visitor", "follow-up". */
    public String id() {
        return kind == Kind.COORDINATOR && node.isPresent() ? kind.id() + ":" + node.get().id() : kind.id();
    }

    /** The actor an id names (the form stored before actors were data); an unknown id is {@link Kind#SYSTEM}. */
    public static Actor fromId(String id) {
        String value = id == null ? "" : id;
        int colon = value.indexOf(':');
        if (colon >= 0 && value.substring(0, colon).equals(Kind.COORDINATOR.id())) {
            return new Actor(Kind.COORDINATOR, Node.fromId(value.substring(colon + 1)), "", "");
        }
        return of(Kind.fromId(value).orElse(Kind.SYSTEM));
    }
}
