package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/**
 * EventBridge Scheduler for one {@code Type: ScheduleV2} event of a function: fires the function at
 * the times the schedule expression gives in its time zone, with the schedule's {@code Input} in
 * which Scheduler's context attributes are replaced ({@code <aws.scheduler.scheduled-time>} by the
 * scheduled time in ISO-8601 UTC, {@code 2027-03-01T06:00:00Z}; also {@code schedule-arn},
 * {@code execution-id} and {@code attempt-number}).
 *
 * <p>A failed invocation is retried with exponential back-off as the schedule's {@code RetryPolicy}
 * allows ({@code MaximumRetryAttempts}, {@code MaximumEventAgeInSeconds}; Scheduler's defaults 185
 * and 86400 when not given); after that the input goes to the {@code DeadLetterConfig} queue with
 * Scheduler's message attributes ({@code ERROR_CODE}, {@code ERROR_MESSAGE}, {@code EXECUTION_ID},
 * {@code RequestID}, {@code SCHEDULE_ARN}, {@code TARGET_ARN}). Unlike AWS, where Scheduler invokes
 * a Lambda function asynchronously and the function's own errors are retried by Lambda, the local
 * runtime invokes synchronously so that the schedule's policy applies to function errors too.
 *
 * <p>{@link #fire(Instant, String)} runs the schedule for any moment (the manual trigger).
 */
public final class ScheduleEventSource implements AutoCloseable {
    public static final String SCHEDULED_TIME = "<aws.scheduler.scheduled-time>";
    static final long RETRY_BASE_MILLIS = 1_000;
    static final long RETRY_MAX_MILLIS = 60_000;
    /** Timers wake up at least this often, so that a changed clock (or a sleeping laptop) is noticed. */
    private static final long MAX_SLEEP_MILLIS = 60_000;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm xxx '('VV')'", Locale.ROOT);

    /**
     * The event's properties, resolved.
     *
     * @param deadLetterArn the DeadLetterConfig queue's ARN, or null
     * @param startDate     StartDate, or null
     * @param endDate       EndDate, or null
     */
    public record Settings(String functionId, String eventName, ScheduleExpression expression, ZoneId zone,
                           String input, int maximumRetryAttempts, int maximumEventAgeSeconds, String deadLetterArn,
                           boolean enabled, Instant startDate, Instant endDate, String scheduleArn) {

        public static Settings fromEvent(CloudFormationTemplate template, String functionId, String eventName,
                                         JsonNode event) {
            JsonNode properties = event.path("Properties");
            ScheduleExpression expression = ScheduleExpression.parse(template.text(properties.path("ScheduleExpression"), ""));
            String zoneName = template.text(properties.path("ScheduleExpressionTimezone"), "UTC");
            ZoneId zone;
            try {
                zone = ZoneId.of(zoneName);
            } catch (DateTimeException e) {
                throw new IllegalArgumentException("unknown ScheduleExpressionTimezone " + zoneName);
            }
            String input = template.text(properties.path("Input"), "{}");
            JsonNode retry = properties.path("RetryPolicy");
            int retries = template.integer(retry.path("MaximumRetryAttempts"), 185);
            int age = template.integer(retry.path("MaximumEventAgeInSeconds"), 86_400);
            if (retries < 0 || retries > 185) throw new IllegalArgumentException("MaximumRetryAttempts must be 0-185");
            if (age < 60 || age > 86_400) throw new IllegalArgumentException("MaximumEventAgeInSeconds must be 60-86400");
            String deadLetter = null;
            JsonNode deadLetterConfig = properties.path("DeadLetterConfig");
            if (!deadLetterConfig.isMissingNode()) {
                if (deadLetterConfig.path("Arn").isMissingNode()) {
                    throw new IllegalArgumentException("DeadLetterConfig without Arn (a queue SAM creates) is not "
                            + "supported locally; declare the queue and refer to its Arn");
                }
                deadLetter = template.resolve(deadLetterConfig.path("Arn"));
                LocalQueues.queueName(deadLetter);
            }
            String state = template.text(properties.path("State"), "ENABLED");
            String name = template.text(properties.path("Name"), functionId + eventName);
            String group = template.text(properties.path("GroupName"), "default");
            return new Settings(functionId, eventName, expression, zone, input, retries, age, deadLetter,
                    !state.equalsIgnoreCase("DISABLED"), date(template, properties.path("StartDate")),
                    date(template, properties.path("EndDate")), "arn:aws:scheduler:" + template.region() + ":"
                    + CloudFormationTemplate.ACCOUNT + ":schedule/" + group + "/" + name);
        }

        /** The first fire time strictly after {@code after}, within StartDate and EndDate. */
        Optional<Instant> next(Instant after, Instant anchor) {
            Instant from = startDate != null && after.isBefore(startDate) ? startDate.minusNanos(1) : after;
            Instant rateAnchor = startDate != null ? startDate : anchor;
            Optional<Instant> next = expression.next(from, zone, rateAnchor);
            return next.filter(at -> endDate == null || !at.isAfter(endDate));
        }



        private static Instant date(CloudFormationTemplate template, JsonNode value) {
            String text = template.text(value, null);
            if (text == null) return null;
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                return Instant.parse(text);
            }
        }
    }

    /**
     * What a firing gave.
     *
     * @param result       the last invocation's result (null when the runtime could not invoke)
     * @param deadLettered whether the input went to the dead-letter queue
     */
    public record Firing(String scheduleName, Instant scheduledTime, String executionId, int attempts, boolean succeeded,
                         boolean deadLettered, InvocationResult result, String payload) { }

    private final Settings settings;
    private final LocalFunction function;
    private final LocalQueues queues;
    private final PrintStream console;
    private final Clock clock;
    private final Instant anchor;
    private final ScheduledExecutorService timer;
    private final ExecutorService runs;
    private volatile Instant nextFire;
    private volatile boolean closed;
    private ScheduledFuture<?> pending;

    ScheduleEventSource(Settings settings, LocalFunction function, LocalQueues queues, Clock clock, PrintStream console) {
        this.settings = settings;
        this.function = function;
        this.queues = queues;
        this.clock = clock;
        this.console = console;
        // Scheduler works to the minute: a rate schedule without StartDate counts from the minute it was created.
        this.anchor = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        String name = "schedule-" + function.logicalId() + "-" + settings.eventName();
        this.timer = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, name));
        AtomicInteger threads = new AtomicInteger();
        this.runs = Executors.newCachedThreadPool(task -> daemon(task, name + "-run-" + threads.incrementAndGet()));
    }

    public Settings settings() { return settings; }

    public LocalFunction function() { return function; }

    /** {@code FunctionId/EventName}. */
    public String name() { return function.logicalId() + "/" + settings.eventName(); }

    /** The next automatic firing, if the schedule runs automatically and has one. */
    public Optional<Instant> nextFire() { return Optional.ofNullable(nextFire); }

    /** The next time the expression gives from now, whether or not the schedule fires on its own. */
    public Optional<Instant> nextTime() {
        Instant planned = nextFire;
        return planned != null ? Optional.of(planned) : settings.next(clock.instant(), anchor);
    }

    /** Starts firing automatically (a rate schedule without StartDate fires at once, as in AWS). */
    synchronized void start() {
        if (closed) return;
        planAfter(settings.expression() instanceof ScheduleExpression.Rate ? anchor.minusMillis(1) : clock.instant());
    }

    /** A console line describing the schedule. */
    String describe() {
        return String.format(Locale.ROOT, "%s <- schedule %s %s in %s, retries %d, max event age %d s%s%s",
                function.logicalId(), settings.eventName(), settings.expression().text(), settings.zone(),
                settings.maximumRetryAttempts(), settings.maximumEventAgeSeconds(),
                settings.deadLetterArn() == null ? "" : ", dead letters -> SQS " + LocalQueues.queueName(settings.deadLetterArn()),
                settings.enabled() ? "" : " (State DISABLED: fires only when triggered)");
    }

    /** The next fire time for the console, in the schedule's zone and UTC. */
    String describeNext() {
        Instant next = nextFire;
        return next == null ? "not firing automatically"
                : "next " + ZonedDateTime.ofInstant(next, settings.zone()).format(LOCAL) + " = " + next;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pending != null) pending.cancel(false);
        timer.shutdownNow();
        runs.shutdownNow();
    }

    private synchronized void planAfter(Instant after) {
        if (closed) return;
        nextFire = settings.next(after, anchor).orElse(null);
        if (nextFire == null) {
            console.println("Schedule " + name() + ": no more fire times");
            return;
        }
        wakeUp();
    }

    private synchronized void wakeUp() {
        if (closed || nextFire == null) return;
        long millis = Duration.between(clock.instant(), nextFire).toMillis();
        pending = timer.schedule(this::tick, Math.max(0, Math.min(millis, MAX_SLEEP_MILLIS)), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        Instant due;
        synchronized (this) {
            if (closed || nextFire == null) return;
            if (clock.instant().isBefore(nextFire)) {
                wakeUp();
                return;
            }
            due = nextFire;
            planAfter(clock.instant().isAfter(due) ? clock.instant() : due);
        }
        runs.execute(() -> {
            try {
                fire(due, "schedule");
            } catch (RuntimeException e) {
                if (!closed) console.println("Schedule " + name() + ": " + e);
            }
        });
    }

    /**
     * Runs the schedule as if it fired at {@code scheduledTime}: invokes the function with the
     * input, retries per the RetryPolicy, dead-letters after that. Blocks until done.
     */
    public Firing fire(Instant scheduledTime, String trigger) {
        Instant scheduled = scheduledTime.truncatedTo(ChronoUnit.SECONDS);
        String executionId = UUID.randomUUID().toString();
        Instant emitted = clock.instant();
        for (int attempt = 1; ; attempt++) {
            String payload = payload(scheduled, executionId, attempt);
            long started = System.nanoTime();
            InvocationResult result;
            String failure;
            try {
                result = function.invoke(payload.getBytes(StandardCharsets.UTF_8));
                failure = result.failed() ? (result.timedOut() ? "timed out" : "function error " + result.errorType()) : null;
            } catch (IllegalStateException e) {
                if (closed) throw e;
                result = null;
                failure = e.getMessage();
            }
            long millis = (System.nanoTime() - started) / 1_000_000;
            String line = String.format(Locale.ROOT, "%s <- schedule %s (%s): scheduled time %s, attempt %d: ",
                    function.logicalId(), settings.eventName(), trigger, scheduled, attempt);
            if (failure == null) {
                console.printf(Locale.ROOT, "%ssucceeded, %d ms%s%n", line, millis,
                        trigger.equals("schedule") ? "; " + describeNext() : "");
                return new Firing(name(), scheduled, executionId, attempt, true, false, result, payload);
            }
            long delay = Math.min(RETRY_MAX_MILLIS, RETRY_BASE_MILLIS << Math.min(20, attempt - 1));
            boolean tooOld = Duration.between(emitted, clock.instant().plusMillis(delay)).getSeconds()
                    > settings.maximumEventAgeSeconds();
            if (attempt > settings.maximumRetryAttempts() || tooOld || closed) {
                console.printf(Locale.ROOT, "%s%s, %d ms; no more retries (%s)%n", line, failure, millis,
                        tooOld ? "MaximumEventAgeInSeconds " + settings.maximumEventAgeSeconds()
                                : "MaximumRetryAttempts " + settings.maximumRetryAttempts());
                boolean deadLettered = deadLetter(payload, executionId, result, failure);
                return new Firing(name(), scheduled, executionId, attempt, false, deadLettered, result, payload);
            }
            console.printf(Locale.ROOT, "%s%s, %d ms; retry in %.0f s%n", line, failure, millis, delay / 1000.0);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Firing(name(), scheduled, executionId, attempt, false, false, result, payload);
            }
        }
    }

    /** The input with Scheduler's context attributes replaced. */
    String payload(Instant scheduledTime, String executionId, int attempt) {
        return settings.input()
                .replace(SCHEDULED_TIME, scheduledTime.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)
                        .format(DateTimeFormatter.ISO_INSTANT))
                .replace("<aws.scheduler.schedule-arn>", settings.scheduleArn())
                .replace("<aws.scheduler.execution-id>", executionId)
                .replace("<aws.scheduler.attempt-number>", Integer.toString(attempt));
    }

    private boolean deadLetter(String payload, String executionId, InvocationResult result, String failure) {
        if (settings.deadLetterArn() == null) {
            console.println("  dropped (no DeadLetterConfig)");
            return false;
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ERROR_CODE", result != null && result.errorType() != null ? result.errorType() : "LocalRuntimeError");
        attributes.put("ERROR_MESSAGE", truncate(errorMessage(result, failure), 256));
        attributes.put("EXECUTION_ID", executionId);
        attributes.put("RequestID", result != null ? result.requestId() : UUID.randomUUID().toString());
        attributes.put("SCHEDULE_ARN", settings.scheduleArn());
        attributes.put("TARGET_ARN", function.definition().arn());
        try {
            queues.send(settings.deadLetterArn(), payload, attributes);
            console.println("  input sent to the dead-letter queue " + LocalQueues.queueName(settings.deadLetterArn()));
            return true;
        } catch (RuntimeException e) {
            console.println("  could not send to the dead-letter queue " + settings.deadLetterArn() + ": " + e);
            return false;
        }
    }

    private static String errorMessage(InvocationResult result, String failure) {
        if (result == null) return failure;
        try {
            JsonNode error = Json.parse(result.payload());
            if (error != null && error.path("errorMessage").isTextual()) return error.path("errorMessage").asText();
        } catch (java.io.IOException ignored) {
            // not JSON
        }
        return failure;
    }

    private static String truncate(String text, int length) {
        return text == null ? "" : text.length() <= length ? text : text.substring(0, length);
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
