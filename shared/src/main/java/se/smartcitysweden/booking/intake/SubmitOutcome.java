package se.smartcitysweden.booking.intake;

import java.util.List;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.validation.FieldError;

/** What became of a submission; each transport maps these to its own answers. */
public sealed interface SubmitOutcome {
    /** Stored (or, for a replayed key, stored before); {@code replayed} when nothing new was stored. */
    record Accepted(String id, String reference, Language language, Node node, boolean replayed) implements SubmitOutcome { }

    /** The honeypot was filled (a bot): answered like {@link Accepted}, nothing stored or sent. */
    record Ignored(String id, String reference, Language language, Node node) implements SubmitOutcome { }

    record Invalid(Language language, List<FieldError> errors) implements SubmitOutcome { }

    /** The idempotency key was used before with a different body. */
    record IdempotencyConflict(Language language) implements SubmitOutcome { }

    /**
     * Its source sent more bookings than {@link se.smartcitysweden.booking.limits.Limits#BOOKINGS_PER_SOURCE_PER_HOUR}
     * within the window: nothing was stored; it may send again after {@code retryAfterSeconds}.
     */
    record TooManyFromSource(Language language, long retryAfterSeconds) implements SubmitOutcome { }

    /**
     * The store failed. {@code outcomeUnknown}: the write may have happened (a lost answer), so the
     * client must send the same request with the same Idempotency-Key to find out; otherwise
     * nothing was written. {@code failure} names the error's class for the log, never its message.
     */
    record Unavailable(Language language, boolean outcomeUnknown, String failure) implements SubmitOutcome { }
}
