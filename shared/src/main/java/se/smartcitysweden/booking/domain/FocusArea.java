package se.smartcitysweden.booking.domain;

import java.util.Optional;

/** Field 3 of the form: the themes Smart City Sweden shows, as named in the article. */
public enum FocusArea {
    ENVIRONMENT("environment"), CLIMATE("climate"), ENERGY("energy"),
    SOCIAL_SUSTAINABILITY("social-sustainability"), SUSTAINABLE_TRANSPORT("sustainable-transport"),
    DIGITALISATION("digitalisation"), URBAN_PLANNING("urban-planning");

    private final String id;

    FocusArea(String id) { this.id = id; }

    public String id() { return id; }

    public static Optional<FocusArea> fromId(String id) {
        for (FocusArea area : values()) {
            if (area.id.equals(id)) return Optional.of(area);
        }
        return Optional.empty();
    }
}
