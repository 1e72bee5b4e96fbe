package se.smartcitysweden.booking.aws.lambda;

import java.util.Map;
import se.smartcitysweden.booking.domain.Language;

/** What a function reads from the environment Lambda (or the local runtime) gives it from the template. */
public final class FunctionEnvironment {
    private FunctionEnvironment() { }

    /** The variable's value; a function missing one fails at start, where the deploy's canary sees it. */
    public static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) throw new IllegalStateException(name + " is not set");
        return value;
    }

    /** The language of the coordinators' pages and mails ({@code COORDINATOR_LANGUAGE}, Swedish when unset). */
    public static Language coordinatorLanguage(Map<String, String> env) {
        return Language.fromCode(env.getOrDefault("COORDINATOR_LANGUAGE", "sv")).orElse(Language.SV);
    }
}
