package se.smartcitysweden.booking.limits;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Every limit on what the public can make the system do, in one place. Each one is a fixed window
 * (aligned on the epoch, as the console's sign-in links) counted by conditional writes
 * ({@link RateLimit}); a window's counter item holds only a hash of what it counts (an address, a
 * source IP) and vanishes by TTL when the window ends.
 *
 * <p>The numbers are the production defaults. A function's environment may set another for the two
 * public limits ({@link #BOOKINGS_PER_SOURCE_VARIABLE}, {@link #ACKNOWLEDGEMENTS_PER_ADDRESS_VARIABLE}),
 * from 1 to {@link RateLimit#MAX_LIMIT}, or {@value #OFF}: the local runtime turns them off, since every
 * request it serves comes from the one machine it runs on and its tests and benchmarks book hundreds
 * of visits (a high number would still write the one counter of 127.0.0.1 on every booking). Unset,
 * a function gets the default: nothing deployed is ever without them unless a template says so.
 */
public final class Limits {
    private Limits() { }

    /** Bookings stored per source IP (API Gateway's {@code requestContext.http.sourceIp}) and hour. */
    public static final int BOOKINGS_PER_SOURCE_PER_HOUR = 10;
    public static final Duration BOOKINGS_PER_SOURCE_WINDOW = Duration.ofHours(1);
    public static final String BOOKINGS_PER_SOURCE_VARIABLE = "BOOKINGS_PER_SOURCE_PER_HOUR";

    /** Acknowledgements of new bookings e-mailed to one address (the visitor's or the organiser's) per day. */
    public static final int ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY = 3;
    public static final Duration ACKNOWLEDGEMENTS_PER_ADDRESS_WINDOW = Duration.ofDays(1);
    public static final String ACKNOWLEDGEMENTS_PER_ADDRESS_VARIABLE = "ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY";

    /** The console's one-time sign-in links per address and ten minutes (ConsoleService). */
    public static final int SIGN_IN_LINKS_PER_ADDRESS = 3;
    public static final Duration SIGN_IN_LINKS_WINDOW = Duration.ofMinutes(10);

    /** The value that turns a limit off (the local runtime's). */
    public static final String OFF = "off";

    /** Bookings per source and hour, as the function's environment sets it (else the default); empty when off. */
    public static Optional<RateLimit> bookingsPerSource(Map<String, String> env) {
        return number(env, BOOKINGS_PER_SOURCE_VARIABLE, BOOKINGS_PER_SOURCE_PER_HOUR)
                .map(limit -> new RateLimit("source", limit, BOOKINGS_PER_SOURCE_WINDOW));
    }

    /** Acknowledgements per address and day, as the function's environment sets it (else the default); empty when off. */
    public static Optional<RateLimit> acknowledgementsPerAddress(Map<String, String> env) {
        return number(env, ACKNOWLEDGEMENTS_PER_ADDRESS_VARIABLE, ACKNOWLEDGEMENTS_PER_ADDRESS_PER_DAY)
                .map(limit -> new RateLimit("ack", limit, ACKNOWLEDGEMENTS_PER_ADDRESS_WINDOW));
    }

    /** A set variable is {@value #OFF} or a whole number 1..MAX_LIMIT: a typo fails the function at start, not open. */
    static Optional<Integer> number(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) return Optional.of(fallback);
        if (value.strip().equalsIgnoreCase(OFF)) return Optional.empty();
        try {
            int number = Integer.parseInt(value.strip());
            if (number > 0 && number <= RateLimit.MAX_LIMIT) return Optional.of(number);
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new IllegalStateException(name + " must be \"" + OFF + "\" or a whole number from 1 to " + RateLimit.MAX_LIMIT);
    }
}
