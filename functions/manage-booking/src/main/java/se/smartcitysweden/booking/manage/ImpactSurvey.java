package se.smartcitysweden.booking.manage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.smartcitysweden.booking.validation.FieldError;
import se.smartcitysweden.booking.domain.Impact;

/**
 * The impact survey's answer as posted, checked by {@link #of}: each yes/no question answered and the note within
 * its length, else the errors that name what is missing.
 */
record ImpactSurvey(boolean contacts, boolean deals, boolean collaborations, boolean policy, String note,
                    List<FieldError> errors) {
    /** The survey's yes/no fields, in the order CaseService.impact takes them. */
    static final List<String> QUESTIONS = List.of("contacts", "deals", "collaborations", "policy");

    static ImpactSurvey of(Map<String, String> values, PageWords w) {
        List<FieldError> errors = new ArrayList<>();
        for (String name : QUESTIONS) {
            String value = values.getOrDefault(name, "");
            if (!value.equals("yes") && !value.equals("no")) errors.add(new FieldError(name, "required", w.get("impact.required")));
        }
        String note = values.getOrDefault("note", "").strip();
        if (note.length() > Impact.NOTE_MAX) errors.add(new FieldError("note", "too_long", w.get("impact.tooLong")));
        return new ImpactSurvey(yes(values, "contacts"), yes(values, "deals"), yes(values, "collaborations"),
                yes(values, "policy"), note, List.copyOf(errors));
    }

    boolean valid() {
        return errors.isEmpty();
    }

    /** An earlier answer to one question. */
    static boolean answer(Impact answer, String question) {
        return switch (question) {
            case "contacts" -> answer.contacts();
            case "deals" -> answer.deals();
            case "collaborations" -> answer.collaborations();
            default -> answer.policy();
        };
    }

    private static boolean yes(Map<String, String> values, String name) {
        return "yes".equals(values.get(name));
    }
}
