package se.smartcitysweden.booking.domain;

import java.util.Optional;

/** Field 1 of the form: the one main goal of the visit. */
public enum MainGoal {
    BUSINESS("business"), LEARNING("learning"), POLICY("policy"), RESEARCH("research"),
    INVESTMENT("investment"), MEDIA("media"), OTHER("other");

    private final String id;

    MainGoal(String id) { this.id = id; }

    public String id() { return id; }

    public static Optional<MainGoal> fromId(String id) {
        for (MainGoal goal : values()) {
            if (goal.id.equals(id)) return Optional.of(goal);
        }
        return Optional.empty();
    }
}
