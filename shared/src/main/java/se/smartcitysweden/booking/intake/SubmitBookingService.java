package se.smartcitysweden.booking.intake;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.limits.RateLimit;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.port.BookingRepository;
import se.smartcitysweden.booking.port.BookingRepository.CreateResult;
import se.smartcitysweden.booking.port.IdempotencyRecord;
import se.smartcitysweden.booking.port.LimitCounter;
import se.smartcitysweden.booking.port.StorageUnavailableException;
import se.smartcitysweden.booking.validation.BookingRequestParser;

/** Validates a visitor's request and stores it as a new booking, once per idempotency key. */
public final class SubmitBookingService {
    public static final ZoneId SWEDEN = Booking.SWEDISH_TIME;
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);
    private static final int MAX_ATTEMPTS = 5;

    private final BookingRepository bookings;
    private final Clock clock;
    private final ReferenceGenerator references;
    private final Supplier<String> ids;
    private final LimitCounter counter;
    private final RateLimit perSource;
    private final ToIntFunction<Node> minimumNotice;

    /** Without a source limit (tests of everything else). */
    public SubmitBookingService(BookingRepository bookings, Clock clock, ReferenceGenerator references,
                                Supplier<String> ids) {
        this(bookings, clock, references, ids, null, null);
    }

    /** With the bookings-per-source limit, counted in {@code counter} (both null: the limit is off). */
    public SubmitBookingService(BookingRepository bookings, Clock clock, ReferenceGenerator references,
                                Supplier<String> ids, LimitCounter counter, RateLimit perSource) {
        this.bookings = bookings;
        this.clock = clock;
        this.references = references;
        this.ids = ids;
        this.counter = counter;
        this.perSource = perSource;
        this.minimumNotice = node -> 0;
    }

    private SubmitBookingService(SubmitBookingService base, ToIntFunction<Node> minimumNotice) {
        this.bookings = base.bookings;
        this.clock = base.clock;
        this.references = base.references;
        this.ids = base.ids;
        this.counter = base.counter;
        this.perSource = base.perSource;
        this.minimumNotice = minimumNotice;
    }

    /**
     * The same service, refusing preferred periods that start sooner than a node's minimum notice (days from
     * today, Swedish time; the CoordinatorDirectory's "minimumNoticeDays" of each node).
     */
    public SubmitBookingService withMinimumNotice(ToIntFunction<Node> minimumNoticeDays) {
        return new SubmitBookingService(this, minimumNoticeDays);
    }

    public static Supplier<String> randomIds() {
        return () -> UUID.randomUUID().toString();
    }

    public SubmitOutcome submit(SubmitBookingCommand command) {
        JsonNode body = command.body();
        Instant now = clock.instant();
        if (isHoneypotFilled(body)) {
            // A bot filled the hidden field: answer as if accepted, keep and send nothing.
            Node node = Node.fromId(body.path("node").asText()).orElse(Node.STOCKHOLM);
            return new SubmitOutcome.Ignored(ids.get(), references.next(node), BookingRequestParser.languageOf(body), node);
        }
        BookingRequestParser.Result parsed = BookingRequestParser.parse(body, LocalDate.ofInstant(now, SWEDEN), minimumNotice);
        if (!parsed.isValid()) {
            return new SubmitOutcome.Invalid(parsed.language(), parsed.errors());
        }
        BookingRequest request = parsed.request().orElseThrow();
        String id = ids.get();
        LogContext.bookingId(id); // the rest of the request is about this booking
        try {
            // The source limit is checked here, at submit: the one place that knows the source
            // (API Gateway's sourceIp) and can still refuse before anything is stored, so a
            // refused request leaves no booking and sends nothing. Only a valid request that would
            // store a booking counts (an invalid one or the honeypot's stores and sends nothing).
            // The count comes first and the booking's transaction after: a count for a booking that
            // then failed to store is possible, and harmless (the source may book one fewer this
            // hour); the other order could store a booking over the limit, or lose one it accepted.
            // A request with an Idempotency-Key is counted once under its key, so resending it (the
            // way to learn whether an uncertain write happened) still finds the stored booking.
            if (counter != null && command.source().isPresent()) {
                String occurrence = command.idempotencyKey().map(key -> "key:" + key).orElse("booking:" + id);
                RateLimit.Decision decision = perSource.check(counter, command.source().get(), occurrence, now);
                if (!decision.allowed()) {
                    return new SubmitOutcome.TooManyFromSource(request.language(), decision.retryAfterSeconds());
                }
            }
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                Booking booking = new Booking(id, references.next(request.node()), BookingStatus.SUBMITTED, now, request);
                Optional<IdempotencyRecord> idempotency = command.idempotencyKey().map(key ->
                        new IdempotencyRecord(key, command.bodyHash(), id, booking.reference(),
                                now.plus(IDEMPOTENCY_WINDOW)));
                CreateResult result = bookings.create(booking, idempotency);
                if (result instanceof CreateResult.Created) {
                    return new SubmitOutcome.Accepted(id, booking.reference(), request.language(), request.node(), false);
                }
                if (result instanceof CreateResult.IdempotencyKeyTaken taken) {
                    IdempotencyRecord first = taken.existing();
                    if (first.bodyHash().equals(command.bodyHash())) LogContext.bookingId(first.bookingId());
                    return first.bodyHash().equals(command.bodyHash())
                            ? new SubmitOutcome.Accepted(first.bookingId(), first.reference(), request.language(),
                                    request.node(), true)
                            : new SubmitOutcome.IdempotencyConflict(request.language());
                }
                // ReferenceTaken: draw a new reference; Contended: a concurrent write, try again.
                pause(attempt);
            }
            // Every try was cancelled by a condition: nothing was written.
            return new SubmitOutcome.Unavailable(request.language(), false, "Contended");
        } catch (StorageUnavailableException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new SubmitOutcome.Unavailable(request.language(), e.outcomeUnknown(), cause.getClass().getSimpleName());
        }
    }

    private static boolean isHoneypotFilled(JsonNode body) {
        JsonNode website = body == null ? null : body.get("website");
        return website != null && !(website.isNull() || (website.isTextual() && website.textValue().isBlank()));
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(20L * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
