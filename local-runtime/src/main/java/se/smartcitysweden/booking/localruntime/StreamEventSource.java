package se.smartcitysweden.booking.localruntime;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalStream;
import se.smartcitysweden.booking.localaws.StreamRecordMapper;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's event source mapping for one {@code Type: DynamoDB} event of a function: polls the
 * table's stream through the DynamoDB Streams API every {@value #POLL_MILLIS} ms and invokes the
 * function synchronously with {@link DynamodbEvent} batches, as Lambda does:
 *
 * <ul>
 *   <li>each record becomes JSON with Lambda's own event serialiser, and the template's
 *       {@code FilterCriteria} patterns decide on that JSON whether it is delivered (records that
 *       match no filter are dropped, as Lambda drops them);</li>
 *   <li>batches of at most {@code BatchSize}, gathered for up to {@code MaximumBatchingWindowInSeconds},
 *       in order per shard: a shard's next batch waits until the one before is done;</li>
 *   <li>{@code ReportBatchItemFailures}: the records before the lowest reported sequence number are
 *       done, the rest is retried; an invalid report fails the whole batch;</li>
 *   <li>a function error (or time-out) is retried; with {@code BisectBatchOnFunctionError} the
 *       batch is first split in two, which uses up no retry;</li>
 *   <li>retries back off exponentially, up to {@code MaximumRetryAttempts} (-1: until the record is
 *       older than {@code MaximumRecordAgeInSeconds}); then the batch's description goes to the
 *       {@code DestinationConfig.OnFailure} SQS queue (Lambda's invocation record with
 *       {@code DDBStreamBatchInfo}) and the shard moves on.</li>
 * </ul>
 *
 * One line per batch goes to the console.
 */
public final class StreamEventSource implements AutoCloseable {
    static final long POLL_MILLIS = 500;
    /**
     * The wait between two reads when the runtime wakes the mapping after each write of its functions
     * ({@link #readAfterWrites}): the reads that find nothing, most of an idle runtime's calls to the emulator,
     * become a quarter, while a write is read at once (and still at most every {@value #POLL_MILLIS} ms).
     */
    static final long POLL_MILLIS_AFTER_WRITES = 2_000;
    static final long RETRY_BASE_MILLIS = 250;
    /**
     * The longest wait between two retries of a batch; {@code LOCAL_STREAM_RETRY_MAX_MILLIS} in the
     * environment shortens it, for a test that plays a batch through all its retries (with the
     * template's 8, the waits add up to 36 s, to 4 s at 500 ms).
     */
    static final long RETRY_MAX_MILLIS = retryMaxMillis(System.getenv("LOCAL_STREAM_RETRY_MAX_MILLIS"));
    private static long retryMaxMillis(String setting) {
        if (setting == null || setting.isBlank()) return 10_000;
        long millis = Long.parseLong(setting.strip());
        if (millis < RETRY_BASE_MILLIS) {
            throw new IllegalArgumentException("LOCAL_STREAM_RETRY_MAX_MILLIS must be at least " + RETRY_BASE_MILLIS + ": " + setting);
        }
        return millis;
    }

    private static final Pattern STREAM_ARN_TABLE = Pattern.compile("^arn:aws[a-z-]*:dynamodb:[^:]*:[^:]*:table/([^/]+)/stream/.*$");

    /**
     * The event's properties, resolved.
     *
     * @param maximumRetryAttempts    -1: no limit
     * @param maximumRecordAgeSeconds -1: no limit
     * @param onFailureDestination    the SQS queue's ARN, or null
     */
    public record Settings(String functionId, String eventName, String tableName, String startingPosition,
                           int batchSize, int batchingWindowSeconds, boolean bisectBatchOnFunctionError,
                           int maximumRetryAttempts, int maximumRecordAgeSeconds, boolean reportBatchItemFailures,
                           String onFailureDestination, List<EventPattern> filters, boolean enabled) {

        /** Reads a {@code Type: DynamoDB} event of a function; throws when the runtime cannot honour it. */
        public static Settings fromEvent(CloudFormationTemplate template, String functionId, String eventName,
                                         JsonNode event) {
            JsonNode properties = event.path("Properties");
            String table = tableOf(template, properties.path("Stream"));
            String start = template.text(properties.path("StartingPosition"), "TRIM_HORIZON");
            if (!start.equals("TRIM_HORIZON") && !start.equals("LATEST")) {
                throw new IllegalArgumentException("StartingPosition " + start + " is not TRIM_HORIZON or LATEST");
            }
            if (!properties.path("TumblingWindowInSeconds").isMissingNode()) {
                throw new IllegalArgumentException("TumblingWindowInSeconds is not supported by the local runtime");
            }
            List<String> responseTypes = new ArrayList<>();
            properties.path("FunctionResponseTypes").forEach(type -> responseTypes.add(template.resolve(type)));
            for (String type : responseTypes) {
                if (!type.equals("ReportBatchItemFailures")) throw new IllegalArgumentException("unknown FunctionResponseType " + type);
            }
            JsonNode onFailure = properties.path("DestinationConfig").path("OnFailure");
            String destination = null;
            if (!onFailure.isMissingNode()) {
                destination = template.resolve(onFailure.path("Destination"));
                String type = template.text(onFailure.path("Type"), "SQS");
                if (!type.equals("SQS") || !destination.contains(":sqs:")) {
                    throw new IllegalArgumentException("OnFailure destination " + destination + " (" + type
                            + "): the local runtime sends only to SQS queues");
                }
            }
            List<EventPattern> filters = new ArrayList<>();
            for (JsonNode filter : properties.path("FilterCriteria").path("Filters")) {
                filters.add(EventPattern.parse(template.resolve(filter.path("Pattern"))));
            }
            int batchSize = template.integer(properties.path("BatchSize"), 100);
            if (batchSize < 1 || batchSize > 10_000) throw new IllegalArgumentException("BatchSize must be 1-10000");
            return new Settings(functionId, eventName, table, start, batchSize,
                    template.integer(properties.path("MaximumBatchingWindowInSeconds"), 0),
                    template.bool(properties.path("BisectBatchOnFunctionError"), false),
                    template.integer(properties.path("MaximumRetryAttempts"), -1),
                    template.integer(properties.path("MaximumRecordAgeInSeconds"), -1),
                    responseTypes.contains("ReportBatchItemFailures"), destination, List.copyOf(filters),
                    template.bool(properties.path("Enabled"), true));
        }

        private static String tableOf(CloudFormationTemplate template, JsonNode stream) {
            if (stream.isMissingNode()) throw new IllegalArgumentException("the event has no Stream");
            JsonNode getAtt = stream.get("Fn::GetAtt");
            if (getAtt != null) {
                String[] parts = getAtt.isArray() ? new String[] {getAtt.get(0).asText(), getAtt.get(1).asText()}
                        : getAtt.asText().split("\\.", 2);
                if (parts.length == 2 && parts[1].equals("StreamArn")
                        && template.resource(parts[0]).path("Type").asText().equals("AWS::DynamoDB::Table")) {
                    return template.physicalName(parts[0]);
                }
            }
            String arn = template.resolve(stream);
            Matcher matcher = STREAM_ARN_TABLE.matcher(arn);
            if (!matcher.matches()) throw new IllegalArgumentException("Stream " + arn + " is not a DynamoDB stream ARN");
            return matcher.group(1);
        }



    }

    private final Settings settings;
    private final LocalFunction function;
    private final LocalQueues queues;
    private final PrintStream console;
    private final String region;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbStreamsClient streams;
    private final LocalStream stream;
    private final PojoSerializer<DynamodbEvent> serializer;
    private final Map<String, Shard> shards = new LinkedHashMap<>();
    private final Thread thread;
    private volatile boolean running = true;
    private String lastPollError;
    private volatile long pollMillis = POLL_MILLIS;
    private final Object wake = new Object();
    private boolean woken;

    /** Connects to the table's stream (nothing is read before {@link #start()}). */
    StreamEventSource(Settings settings, LocalFunction function, LocalAwsClients clients, LocalQueues queues,
                      String region, PrintStream console) {
        this.settings = settings;
        this.function = function;
        this.queues = queues;
        this.console = console;
        this.region = region;
        this.dynamoDb = clients.dynamoDb();
        this.streams = clients.dynamoDbStreams();
        try {
            this.stream = new LocalStream(dynamoDb, streams, settings.tableName(),
                    ShardIteratorType.fromValue(settings.startingPosition()));
            if (settings.startingPosition().equals("LATEST")) stream.readNewByShard(); // positions the iterators now
        } catch (RuntimeException e) {
            dynamoDb.close();
            streams.close();
            throw e;
        }
        this.serializer = LambdaEventSerializers.serializerFor(DynamodbEvent.class, StreamEventSource.class.getClassLoader());
        this.thread = new Thread(this::run, "stream-" + function.logicalId() + "-" + settings.eventName());
        thread.setDaemon(true);
    }

    public Settings settings() { return settings; }

    public String streamArn() { return stream.streamArn(); }

    void start() { thread.start(); }

    /**
     * From now on the mapping reads every {@code idleMillis} ({@value #POLL_MILLIS_AFTER_WRITES} ms in the runtime),
     * and at once when {@link #wake()} says a write to the table was acknowledged (but never sooner than
     * {@value #POLL_MILLIS} ms after its last read).
     */
    void readAfterWrites(long idleMillis) { pollMillis = idleMillis; }

    /** A write to the table was acknowledged: read now, if the last read was at least {@value #POLL_MILLIS} ms ago. */
    void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    /** A console line describing the mapping. */
    String describe() {
        return String.format(Locale.ROOT, "%s <- stream of %s (%s): batch size %d, window %d s, %s, retries %s, "
                        + "max record age %s, bisect %s, %s%s", function.logicalId(), settings.tableName(),
                settings.eventName(), settings.batchSize(), settings.batchingWindowSeconds(), settings.startingPosition(),
                settings.maximumRetryAttempts() < 0 ? "unlimited" : Integer.toString(settings.maximumRetryAttempts()),
                settings.maximumRecordAgeSeconds() < 0 ? "unlimited" : settings.maximumRecordAgeSeconds() + " s",
                settings.bisectBatchOnFunctionError() ? "on" : "off",
                settings.filters().isEmpty() ? "no filter" : settings.filters().size() + " filter(s)",
                settings.onFailureDestination() == null ? ""
                        : ", on failure -> SQS " + LocalQueues.queueName(settings.onFailureDestination()));
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        dynamoDb.close();
        streams.close();
    }

    private void run() {
        while (running) {
            long readAt = System.nanoTime();
            long waitMillis = pollMillis;
            try {
                poll();
                long now = System.nanoTime();
                for (Shard shard : shards.values()) {
                    waitMillis = Math.min(waitMillis, shard.step(now) / 1_000_000);
                    if (!running) return;
                }
            } catch (RuntimeException e) {
                if (!running) return;
                console.println("Stream " + settings.eventName() + " of " + function.logicalId() + ": " + e);
                waitMillis = POLL_MILLIS * 4;
            }
            try {
                awaitNextRead(readAt, Math.max(10, waitMillis));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * Waits {@code waitMillis}; once woken (also by a wake during the read), only until {@value #POLL_MILLIS} ms
     * after {@code readAt}, the last read's start.
     */
    private void awaitNextRead(long readAt, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000;
        long earliest = Math.min(deadline, readAt + POLL_MILLIS * 1_000_000);
        synchronized (wake) {
            while (running) {
                long now = System.nanoTime();
                long until = woken ? earliest : deadline;
                if (now >= until) break;
                wake.wait(Math.max(1, (until - now) / 1_000_000));
            }
            woken = false;
        }
    }

    /** Reads what is new in the stream; the records that pass the filters wait in their shard. */
    private void poll() {
        Map<String, List<Record>> fresh;
        try {
            fresh = stream.readNewByShard();
            if (lastPollError != null) console.println("Stream of " + settings.tableName() + " readable again");
            lastPollError = null;
        } catch (RuntimeException e) {
            if (!running) return; // stopping: the read was interrupted
            String message = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!message.equals(lastPollError)) {
                console.println("Stream of " + settings.tableName() + " for " + function.logicalId()
                        + " cannot be read (retrying): " + message);
            }
            lastPollError = message;
            return;
        }
        long now = System.nanoTime();
        int filteredOut = 0;
        for (Map.Entry<String, List<Record>> entry : fresh.entrySet()) {
            Shard shard = shards.computeIfAbsent(entry.getKey(), Shard::new);
            for (Record record : entry.getValue()) {
                ObjectNode json = recordJson(record);
                if (!EventPattern.anyMatches(settings.filters(), json)) {
                    filteredOut++;
                    continue;
                }
                if (shard.pending.isEmpty()) shard.gatheringSince = now;
                Instant created = record.dynamodb().approximateCreationDateTime();
                shard.pending.add(new Pending(json, record.dynamodb().sequenceNumber(),
                        created == null ? Instant.now() : created));
            }
        }
        if (filteredOut > 0) {
            console.printf(Locale.ROOT, "%s <- stream of %s: %d record(s) left out by the filter%n",
                    function.logicalId(), settings.tableName(), filteredOut);
        }
    }

    /** One record as the function gets it: Lambda's serialiser's JSON of the mapped record. */
    private ObjectNode recordJson(Record record) {
        DynamodbEvent single = StreamRecordMapper.event(List.of(record), stream.streamArn(), region);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(single, out);
        try {
            ObjectNode json = (ObjectNode) Json.parse(out.toByteArray()).path("Records").get(0);
            // DynamoDB Streams gives creation times in whole seconds (moto has milliseconds).
            JsonNode dynamodb = json.path("dynamodb");
            if (dynamodb.isObject() && dynamodb.path("ApproximateCreationDateTime").isNumber()) {
                ((ObjectNode) dynamodb).put("ApproximateCreationDateTime",
                        (long) Math.floor(dynamodb.path("ApproximateCreationDateTime").asDouble()));
            }
            return json;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read back the serialised stream record", e);
        }
    }

    private record Pending(ObjectNode json, String sequenceNumber, Instant created) { }

    /** What one invocation of a batch gave. */
    private record Outcome(InvocationResult result, int firstFailed, String problem) {
        boolean succeeded() { return problem == null && firstFailed < 0; }

        /** A function error, a time-out or an invalid failure report: the whole batch failed. */
        boolean wholeBatchFailed() { return problem != null; }
    }

    /** One shard's records waiting for delivery, in order, and where its retries stand. */
    private final class Shard {
        final String id;
        final List<Pending> pending = new ArrayList<>();
        /** Sizes of the batches to deliver next, after a bisection or a partial failure; empty: batch as usual. */
        final Deque<Integer> planned = new ArrayDeque<>();
        int failedInvocations;
        long notBeforeNanos;
        long gatheringSince;

        Shard(String id) {
            this.id = id;
        }

        /** Delivers the next batch if it is due; returns the nanoseconds until it wants to run again. */
        long step(long now) {
            if (pending.isEmpty()) return Long.MAX_VALUE;
            if (now < notBeforeNanos) return notBeforeNanos - now;
            discardExpired();
            if (pending.isEmpty()) return Long.MAX_VALUE;
            int size;
            if (!planned.isEmpty()) {
                size = Math.min(planned.peekFirst(), pending.size());
            } else {
                size = Math.min(settings.batchSize(), pending.size());
                long windowEnd = gatheringSince + settings.batchingWindowSeconds() * 1_000_000_000L;
                if (size < settings.batchSize() && failedInvocations == 0 && now < windowEnd) return windowEnd - now;
            }
            List<Pending> batch = List.copyOf(pending.subList(0, size));
            long started = System.nanoTime();
            Outcome outcome = invoke(batch);
            long millis = (System.nanoTime() - started) / 1_000_000;
            String head = String.format(Locale.ROOT, "%s <- stream of %s (%s): %d record%s, ", function.logicalId(),
                    settings.tableName(), shortShard(), size, size == 1 ? "" : "s");
            if (outcome.succeeded()) {
                console.printf(Locale.ROOT, "%s0 failed, %d ms%n", head, millis);
                consume(size);
                failedInvocations = 0;
                return 0;
            }
            if (outcome.wholeBatchFailed()) {
                if (settings.bisectBatchOnFunctionError() && size > 1) {
                    int first = (size + 1) / 2;
                    if (!planned.isEmpty()) planned.pollFirst();
                    planned.addFirst(size - first);
                    planned.addFirst(first);
                    failedInvocations = 0; // splitting a batch uses up no retry
                    console.printf(Locale.ROOT, "%sall failed (%s), %d ms; bisected into %d + %d%n", head,
                            outcome.problem(), millis, first, size - first);
                    notBeforeNanos = System.nanoTime() + RETRY_BASE_MILLIS * 1_000_000;
                    return RETRY_BASE_MILLIS * 1_000_000;
                }
                return retryOrDiscard(batch, size, outcome, head + "all failed (" + outcome.problem() + "), "
                        + millis + " ms");
            }
            int done = outcome.firstFailed();
            String line = head + (size - done) + " failed from sequence number " + batch.get(done).sequenceNumber()
                    + " (reported), " + millis + " ms";
            if (done > 0) {
                consume(done);
                failedInvocations = 0;
            }
            int remaining = size - done;
            if (settings.bisectBatchOnFunctionError()) {
                // "Bisected at the returned sequence number": only the rest of this batch is retried.
                if (!planned.isEmpty()) planned.pollFirst();
                planned.addFirst(remaining);
            }
            return retryOrDiscard(List.copyOf(pending.subList(0, remaining)), remaining, outcome, line);
        }

        private long retryOrDiscard(List<Pending> batch, int size, Outcome outcome, String line) {
            failedInvocations++;
            int limit = settings.maximumRetryAttempts();
            if (limit >= 0 && failedInvocations > limit) {
                console.println(line + "; retries exhausted (" + limit + ")");
                discard(batch, size, "RetryAttemptsExhausted", outcome.result(), failedInvocations);
                failedInvocations = 0;
                return 0;
            }
            long delay = Math.min(RETRY_MAX_MILLIS, RETRY_BASE_MILLIS << Math.min(20, failedInvocations - 1));
            console.printf(Locale.ROOT, "%s; retry %d%s in %.1f s%n", line, failedInvocations,
                    limit < 0 ? "" : " of " + limit, delay / 1000.0);
            notBeforeNanos = System.nanoTime() + delay * 1_000_000;
            return delay * 1_000_000;
        }

        /** Records older than MaximumRecordAgeInSeconds at the head are not delivered, but reported. */
        private void discardExpired() {
            if (settings.maximumRecordAgeSeconds() < 0) return;
            Instant oldest = Instant.now().minusSeconds(settings.maximumRecordAgeSeconds());
            int expired = 0;
            while (expired < pending.size() && pending.get(expired).created().isBefore(oldest)) expired++;
            if (expired == 0) return;
            console.printf(Locale.ROOT, "%s <- stream of %s (%s): %d record(s) older than %d s, not delivered%n",
                    function.logicalId(), settings.tableName(), shortShard(), expired, settings.maximumRecordAgeSeconds());
            discard(List.copyOf(pending.subList(0, expired)), expired, "RecordAgeExceeded", null, failedInvocations);
            failedInvocations = 0;
        }

        /** Sends the batch's description to the on-failure destination and skips its records. */
        private void discard(List<Pending> batch, int size, String condition, InvocationResult result, int invocations) {
            if (settings.onFailureDestination() == null) {
                console.printf(Locale.ROOT, "  %d record(s) skipped (no OnFailure destination)%n", size);
            } else {
                try {
                    queues.send(settings.onFailureDestination(),
                            Json.MAPPER.writeValueAsString(invocationRecord(batch, condition, result, invocations)),
                            Map.of());
                    console.printf(Locale.ROOT, "  %d record(s) (sequence numbers %s to %s) described in SQS %s (%s)%n",
                            size, batch.get(0).sequenceNumber(), batch.get(batch.size() - 1).sequenceNumber(),
                            LocalQueues.queueName(settings.onFailureDestination()), condition);
                } catch (Exception e) {
                    console.println("  could not send to the OnFailure destination "
                            + settings.onFailureDestination() + ": " + e);
                }
            }
            consume(size);
        }

        /** Lambda's invocation record for a discarded stream batch. */
        private ObjectNode invocationRecord(List<Pending> batch, String condition, InvocationResult result,
                                           int invocations) {
            ObjectNode record = Json.MAPPER.createObjectNode();
            ObjectNode request = record.putObject("requestContext");
            request.put("requestId", result != null ? result.requestId() : UUID.randomUUID().toString());
            request.put("functionArn", function.definition().arn());
            request.put("condition", condition);
            request.put("approximateInvokeCount", invocations);
            ObjectNode response = record.putObject("responseContext");
            response.put("statusCode", 200);
            response.put("executedVersion", "$LATEST");
            if (result != null && result.failed()) response.put("functionError", result.functionError());
            record.put("version", "1.0");
            record.put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            ObjectNode info = record.putObject("DDBStreamBatchInfo");
            info.put("shardId", id);
            info.put("startSequenceNumber", batch.get(0).sequenceNumber());
            info.put("endSequenceNumber", batch.get(batch.size() - 1).sequenceNumber());
            info.put("approximateArrivalOfFirstRecord", batch.get(0).created().truncatedTo(ChronoUnit.SECONDS).toString());
            info.put("approximateArrivalOfLastRecord",
                    batch.get(batch.size() - 1).created().truncatedTo(ChronoUnit.SECONDS).toString());
            info.put("batchSize", batch.size());
            info.put("streamArn", stream.streamArn());
            return record;
        }

        /** The first {@code count} records are done with: off the shard, and off the planned batches. */
        private void consume(int count) {
            pending.subList(0, count).clear();
            int left = count;
            while (left > 0 && !planned.isEmpty()) {
                int first = planned.pollFirst();
                if (first > left) {
                    planned.addFirst(first - left);
                    left = 0;
                } else {
                    left -= first;
                }
            }
            if (pending.isEmpty()) planned.clear();
        }

        private String shortShard() {
            return id.length() > 12 ? "shard …" + id.substring(id.length() - 8) : id;
        }
    }

    /** Invokes the function with the batch as Lambda's DynamodbEvent JSON and reads what it answered. */
    private Outcome invoke(List<Pending> batch) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        ArrayNode records = event.putArray("Records");
        batch.forEach(pending -> records.add(pending.json()));
        InvocationResult result;
        try {
            result = function.invoke(Json.bytes(event));
        } catch (IllegalStateException e) {
            if (!running) throw e;
            return new Outcome(null, -1, e.getMessage());
        }
        if (result.failed()) {
            String type = result.timedOut() ? "timed out" : "function error " + result.errorType();
            return new Outcome(result, -1, type);
        }
        if (!settings.reportBatchItemFailures()) return new Outcome(result, -1, null);
        Optional<String> invalid = Optional.empty();
        int lowest = -1;
        JsonNode response;
        try {
            response = Json.parse(result.payload());
        } catch (IOException e) {
            return new Outcome(result, -1, "the answer is not JSON");
        }
        JsonNode failures = response == null ? null : response.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return new Outcome(result, -1, null);
        }
        if (!failures.isArray()) return new Outcome(result, -1, "batchItemFailures is not a list");
        for (JsonNode failure : failures) {
            JsonNode identifier = failure.get("itemIdentifier");
            if (identifier == null || !identifier.isTextual() || identifier.asText().isEmpty()) {
                invalid = Optional.of("a batchItemFailures entry has no itemIdentifier");
                break;
            }
            int index = indexOf(batch, identifier.asText());
            if (index < 0) {
                invalid = Optional.of("itemIdentifier " + identifier.asText() + " is not a sequence number of the batch");
                break;
            }
            lowest = lowest < 0 ? index : Math.min(lowest, index);
        }
        if (invalid.isPresent()) return new Outcome(result, -1, invalid.get());
        return new Outcome(result, lowest, null);
    }

    private static int indexOf(List<Pending> batch, String sequenceNumber) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).sequenceNumber().equals(sequenceNumber)) return i;
        }
        return -1;
    }
}
