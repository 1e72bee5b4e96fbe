package se.smartcitysweden.booking.domain;

import java.util.Optional;

/** The six regional receptions of Smart City Sweden. */
public enum Node {
    STOCKHOLM("stockholm", "Stockholm", "STO"),
    GOTEBORG("goteborg", "Göteborg", "GBG"),
    MALMO("malmo", "Malmö", "MMO"),
    BORLANGE("borlange", "Borlänge", "BLG"),
    LINKOPING("linkoping", "Linköping", "LKP"),
    UMEA("umea", "Umeå", "UME");

    private final String id;
    private final String city;
    private final String referencePrefix;

    Node(String id, String city, String referencePrefix) {
        this.id = id;
        this.city = city;
        this.referencePrefix = referencePrefix;
    }

    public String id() { return id; }

    public String city() { return city; }

    /** Three letters that start a booking's reference, so a coordinator hears the node on the phone. */
    public String referencePrefix() { return referencePrefix; }

    public static Optional<Node> fromId(String id) {
        for (Node node : values()) {
            if (node.id.equals(id)) return Optional.of(node);
        }
        return Optional.empty();
    }
}
