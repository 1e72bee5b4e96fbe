package se.smartcitysweden.booking.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.MotoServer;
import se.smartcitysweden.booking.localruntime.LocalRuntime;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Submit to both e-mails in the local stack, as {@code make run} starts it: moto_server, and the local
 * runtime in a JVM of its own (the template's functions, its HTTP API, the table's stream polled for
 * the notify function). Posts the sample booking of {@code events/apigw/submit-booking-valid.json}
 * over HTTP, a fresh {@code Idempotency-Key} each, and measures per booking the submit answer and the
 * time from the POST to each e-mail being accepted by the local SES.
 *
 * <p>The send times are the ones the notify function records itself: it marks each e-mail sent on the
 * booking ({@code coordinatorMailAt}, {@code visitorMailAt}, its clock read right after SES answered),
 * so the measurement adds no call to the path. Both JVMs read the same wall clock. The bookings are read
 * back once their stream batch is reported done on the runtime's console.
 *
 * <p>Two runs: one booking at a time (the next posted once both e-mails of the one before are sent),
 * then {@code CLIENTS} clients posting at once, back to back. Writes its tables into BENCHMARKS.md.
 */
public final class EndToEndBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The runtime's line per delivered stream batch (StreamEventSource). */
    private static final Pattern BATCH = Pattern.compile(
            "^NotifyCoordinatorFunction <- stream of \\S+ \\([^)]*\\): (\\d+) records?, 0 failed, (\\d+) ms$");
    private static final Duration MAIL_WAIT = Duration.ofSeconds(120);

    /** One booking: when it was posted (wall clock), its answer time, and when each e-mail was sent. */
    record Sample(String id, String reference, Instant posted, long answerMicros, Instant coordinatorSent,
                  Instant visitorSent) {
        long coordinatorMicros() { return micros(posted, coordinatorSent); }
        long visitorMicros() { return micros(posted, visitorSent); }
        long bothMicros() { return Math.max(coordinatorMicros(), visitorMicros()); }

        Sample sent(Instant coordinator, Instant visitor) {
            return new Sample(id, reference, posted, answerMicros, coordinator, visitor);
        }
    }

    /** A notify invocation as the runtime reports it. */
    record Batch(int records, long millis) { }

    private final URI api;
    private final String body;
    private final DynamoDbClient dynamoDb;
    private final String tableName;
    private final List<Batch> batches = Collections.synchronizedList(new ArrayList<>());
    /** Notified on every line of the runtime's output. */
    private final Object signal = new Object();
    private final AtomicInteger postedTotal = new AtomicInteger();
    private final Random pauses = new Random(11);
    /** References of bookings whose e-mails were not both sent within MAIL_WAIT. */
    private final List<String> unmailed = Collections.synchronizedList(new ArrayList<>());
    /** Answers other than 201, as "status after n ms". */
    private final List<String> refused = Collections.synchronizedList(new ArrayList<>());

    private EndToEndBenchmark(URI api, String body, DynamoDbClient dynamoDb, String tableName) {
        this.api = api;
        this.body = body;
        this.dynamoDb = dynamoDb;
        this.tableName = tableName;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int bookings = Integer.parseInt(System.getenv().getOrDefault("BOOKINGS", "100"));
        int clients = Integer.parseInt(System.getenv().getOrDefault("CLIENTS", "4"));
        String loadBefore = loadAverage();
        Path logs = repo.resolve("benchmarks/target/bench-e2e");
        Files.createDirectories(logs);
        String body = JSON.readTree(repo.resolve("events/apigw/submit-booking-valid.json").toFile()).path("body").asText();

        try (MotoServer moto = MotoServer.start()) {
            int apiPort = MotoServer.freePort();
            URI api = URI.create("http://localhost:" + apiPort);
            CloudFormationTemplate template = CloudFormationTemplate.load(repo.resolve("template.yaml"),
                    LocalRuntime.STACK_NAME, LocalAwsClients.REGION.id(), moto.endpoint().toString(), Map.of());
            LocalAwsClients aws = new LocalAwsClients(moto.endpoint());
            EndToEndBenchmark bench = new EndToEndBenchmark(api, body, aws.dynamoDb(), template.physicalName("BookingTable"));
            Process runtime = bench.startRuntime(repo, moto.endpoint(), apiPort, logs.resolve("local-runtime.log"));
            try {
                // The first booking builds the submit and notify functions (their cold start in the runtime's JVM).
                Sample first = bench.oneAtATime(1).stream().findFirst()
                        .orElseThrow(() -> new IllegalStateException("the first booking was refused: " + bench.refused));
                System.out.printf(Locale.ROOT, "first booking (functions built on it): answer %d ms, both e-mails %d ms%n",
                        first.answerMicros() / 1000, first.bothMicros() / 1000);
                bench.oneAtATime(5); // warm-up, not counted
                bench.refused.clear();
                bench.unmailed.clear();
                int batchesBefore = bench.batches.size();
                List<Sample> sequential = bench.oneAtATime(bookings);
                List<Batch> sequentialBatches = List.copyOf(bench.batches.subList(batchesBefore, bench.batches.size()));
                List<String> sequentialRefused = List.copyOf(bench.refused);
                List<String> sequentialUnmailed = List.copyOf(bench.unmailed);
                List<Sample> concurrent = List.of();
                List<Batch> concurrentBatches = List.of();
                if (clients > 1) {
                    bench.atOnce(clients, clients); // each client's own submit instance built first, not counted
                    bench.refused.clear();
                    bench.unmailed.clear();
                    batchesBefore = bench.batches.size();
                    concurrent = bench.atOnce(clients, bookings);
                    concurrentBatches = List.copyOf(bench.batches.subList(batchesBefore, bench.batches.size()));
                }
                String mailCheck = checkMailbox(new LocalMailbox(moto.endpoint()), sequential, concurrent);
                String refusals = "Answers other than 201 (left out of the table): one at a time "
                        + (sequentialRefused.isEmpty() ? "none" : sequentialRefused.size() + " " + sequentialRefused)
                        + (clients > 1 ? "; at once " + (bench.refused.isEmpty() ? "none" : bench.refused.size() + " "
                        + bench.refused) : "") + ". Not both mailed within " + MAIL_WAIT.toSeconds()
                        + " s (left out): one at a time " + sequentialUnmailed.size()
                        + (clients > 1 ? "; at once " + bench.unmailed.size() : "") + ".";
                String section = section(bookings, clients, first, sequential, sequentialBatches, concurrent,
                        concurrentBatches, mailCheck + ". " + refusals, loadBefore, loadAverage());
                write(repo, section);
                System.out.println(section);
            } finally {
                runtime.destroy();
                if (!runtime.waitFor(15, TimeUnit.SECONDS)) runtime.destroyForcibly();
            }
        }
    }

    /** The local runtime as local-runtime/run.sh starts it, its output copied to {@code log}. */
    private Process startRuntime(Path repo, URI moto, int apiPort, Path log) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // local-runtime/run.sh's class path (e2e.sh builds it): the runtime with every function module.
        String classpath = "local-runtime/target/classes:"
                + Files.readString(repo.resolve("local-runtime/target/classpath.txt"), StandardCharsets.UTF_8).strip();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", classpath, LocalRuntime.class.getName()).redirectErrorStream(true).directory(repo.toFile());
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("AWS_"));
        environment.putAll(Map.of("AWS_ENDPOINT_URL", moto.toString(), "AWS_ACCESS_KEY_ID", "test",
                "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", LocalAwsClients.REGION.id(),
                "API_PORT", Integer.toString(apiPort), "LAMBDA_PORT", Integer.toString(MotoServer.freePort()),
                "LOCAL_TEMPLATE", repo.resolve("template.yaml").toString(),
                "PARAMETER_OVERRIDES", "PublicBaseUrl=http://localhost:" + apiPort,
                "LOCAL_SCHEDULE", "off")); // the follow-up's schedules stay out of the measurement
        Process process = builder.start();
        Object ready = signal;
        boolean[] isReady = {false};
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                for (String line; (line = lines.readLine()) != null; ) {
                    out.println(line);
                    Matcher batch = BATCH.matcher(line.strip());
                    synchronized (ready) {
                        if (batch.matches()) {
                            batches.add(new Batch(Integer.parseInt(batch.group(1)), Long.parseLong(batch.group(2))));
                        }
                        if (line.contains(LocalRuntime.READY)) isReady[0] = true;
                        ready.notifyAll();
                    }
                }
            } catch (IOException ended) {
                // the runtime stopped
            }
        }, "local-runtime-output");
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        synchronized (ready) {
            while (!isReady[0]) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    process.destroyForcibly();
                    throw new IllegalStateException("the local runtime did not start; see " + log);
                }
                ready.wait(200);
            }
        }
        return process;
    }

    /**
     * Posts {@code count} bookings one at a time, each once both e-mails of the one before are sent and
     * after a random pause of up to a second: the poller polls right after a delivery, so without the
     * pause every booking would arrive at the same point of its poll cycle.
     */
    private List<Sample> oneAtATime(int count) throws Exception {
        HttpClient http = http();
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Thread.sleep(pauses.nextInt(1000));
            Sample posted = post(http);
            if (posted != null) samples.addAll(awaitMails(List.of(posted)));
        }
        return samples;
    }

    /** {@code clients} clients post {@code count} bookings between them, back to back; then waits for the e-mails. */
    private List<Sample> atOnce(int clients, int count) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicInteger left = new AtomicInteger(count);
        List<Future<List<Sample>>> posted = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            posted.add(pool.submit(() -> {
                HttpClient http = http();
                List<Sample> mine = new ArrayList<>();
                while (left.getAndDecrement() > 0) {
                    Sample one = post(http);
                    if (one != null) mine.add(one);
                }
                return mine;
            }));
        }
        List<Sample> samples = new ArrayList<>();
        try {
            for (Future<List<Sample>> f : posted) samples.addAll(f.get());
        } finally {
            pool.shutdownNow(); // a failed client must not keep the JVM alive
        }
        return awaitMails(samples);
    }

    private static HttpClient http() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private Sample post(HttpClient http) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Instant posted = Instant.now();
        long start = System.nanoTime();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        long answerMicros = (System.nanoTime() - start) / 1000;
        if (response.statusCode() != 201) {
            // Counted and reported (moto overloaded by concurrent clients answers slowly, and submit then says 503).
            refused.add(response.statusCode() + " after " + answerMicros / 1000 + " ms");
            return null;
        }
        postedTotal.incrementAndGet();
        JsonNode created = JSON.readTree(response.body());
        return new Sample(created.path("id").asText(), created.path("reference").asText(), posted, answerMicros, null, null);
    }

    /** Waits until every booking has both e-mails marked sent, reading them after each reported stream batch. */
    private List<Sample> awaitMails(List<Sample> posted) throws Exception {
        Map<String, Sample> waiting = new LinkedHashMap<>();
        for (Sample s : posted) waiting.put(s.id(), s);
        Map<String, Sample> done = new HashMap<>();
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        int seen = -1;
        // Until every booking is mailed and its stream batch reported (one record per booking), so that
        // the batches of one run are not counted in the next.
        while (!waiting.isEmpty() || delivered() < postedTotal.get()) {
            synchronized (signal) {
                // Read the table only when a batch was reported since the last look (or after a second).
                if (batches.size() == seen) signal.wait(1000);
                seen = batches.size();
            }
            if (System.nanoTime() > deadline) {
                // Reported, not measured: a booking whose e-mails did not go out in time.
                waiting.values().forEach(late -> unmailed.add(late.reference()));
                break;
            }
            if (waiting.isEmpty()) continue;
            for (Map<String, AttributeValue> item : read(waiting.keySet())) {
                String id = item.get(BookingTable.PK).s().substring("BOOKING#".length());
                if (isSent(item, "coordinatorMail") && isSent(item, "visitorMail")) {
                    done.put(id, waiting.remove(id).sent(Instant.parse(item.get("coordinatorMailAt").s()),
                            Instant.parse(item.get("visitorMailAt").s())));
                }
            }
        }
        return posted.stream().map(s -> done.get(s.id())).filter(java.util.Objects::nonNull).toList();
    }

    private int delivered() {
        synchronized (batches) {
            return batches.stream().mapToInt(Batch::records).sum();
        }
    }

    private static boolean isSent(Map<String, AttributeValue> item, String mail) {
        AttributeValue state = item.get(mail);
        return state != null && "sent".equals(state.s());
    }

    private List<Map<String, AttributeValue>> read(java.util.Collection<String> ids) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        List<String> all = new ArrayList<>(ids);
        for (int from = 0; from < all.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = all.subList(from, Math.min(all.size(), from + 100)).stream()
                    .map(id -> Map.of(BookingTable.PK, AttributeValue.fromS(BookingTable.bookingKey(id)))).toList();
            Map<String, KeysAndAttributes> request = Map.of(tableName, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("#pk, coordinatorMail, coordinatorMailAt, visitorMail, visitorMailAt")
                    .expressionAttributeNames(Map.of("#pk", BookingTable.PK)).consistentRead(true).build());
            while (!request.isEmpty()) {
                BatchGetItemResponse response = dynamoDb.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                items.addAll(response.responses().getOrDefault(tableName, List.of()));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return items;
    }

    /** Every booking's two e-mails are in the local SES's outbox, once each. */
    private static String checkMailbox(LocalMailbox mailbox, List<Sample> sequential, List<Sample> concurrent) {
        List<LocalMailbox.SentMail> mails = mailbox.messages();
        int wrong = 0;
        List<Sample> all = new ArrayList<>(sequential);
        all.addAll(concurrent);
        for (Sample s : all) {
            long mentions = mails.stream().filter(m -> m.subject().contains(s.reference())).count();
            if (mentions != 2) wrong++;
        }
        if (wrong > 0) throw new IllegalStateException(wrong + " bookings without exactly two e-mails in moto's outbox");
        return String.format(Locale.ROOT, "moto's outbox holds exactly two e-mails for each of the %d measured bookings "
                + "(%d e-mails in all)", all.size(), mails.size());
    }

    // ---- the report ----

    private static String section(int bookings, int clients, Sample first, List<Sample> sequential, List<Batch> sequentialBatches,
                                  List<Sample> concurrent, List<Batch> concurrentBatches, String mailCheck,
                                  String loadBefore, String loadAfter) {
        StringBuilder s = new StringBuilder();
        s.append("### Results (").append(Instant.now().toString().substring(0, 16).replace('T', ' ')).append(" UTC)\n\n");
        s.append("| ").append(bookings).append(" bookings | one at a time: p50 | p90 | p99 | max |");
        if (!concurrent.isEmpty()) s.append(" ").append(clients).append(" clients at once: p50 | p90 | p99 | max |");
        s.append('\n').append(concurrent.isEmpty() ? "|---|---:|---:|---:|---:|\n" : "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        row(s, "submit answered (HTTP 201)", sequential, concurrent, Sample::answerMicros);
        row(s, "coordinator's e-mail sent", sequential, concurrent, Sample::coordinatorMicros);
        row(s, "visitor's acknowledgement sent", sequential, concurrent, Sample::visitorMicros);
        row(s, "**both e-mails sent**", sequential, concurrent, Sample::bothMicros);
        if (sequential.size() == sequentialBatches.size()) {
            // One booking per batch: what is left after the answer and the notify invocation is the stream's wait.
            List<Long> waits = new ArrayList<>();
            for (int i = 0; i < sequential.size(); i++) {
                Sample one = sequential.get(i);
                waits.add(one.bothMicros() - one.answerMicros() - sequentialBatches.get(i).millis() * 1000);
            }
            s.append("| of which waiting in the stream (poll + batching window) | ").append(percentiles(waits)).append(" |");
            if (!concurrent.isEmpty()) s.append(" | | | |");
            s.append('\n');
        }
        s.append("| notify invocation (per stream batch) | ")
                .append(percentiles(sequentialBatches.stream().map(b -> b.millis() * 1000).toList())).append(" |");
        if (!concurrent.isEmpty()) {
            s.append(" ").append(percentiles(concurrentBatches.stream().map(b -> b.millis() * 1000).toList())).append(" |");
        }
        s.append("\n\n");
        s.append(String.format(Locale.ROOT, "Times from the POST (ms); one at a time = each booking posted after a random "
                        + "pause of 0–1 s once both e-mails of the one before are sent. Stream batches: one at a time %d (%s); %s. "
                        + "The first booking, on which the runtime builds the submit and notify functions: answer %d ms, "
                        + "both e-mails %d ms (not counted; 5 more warm-up bookings before the run). %s "
                        + "Load average (1, 5, 15 min) %s at the start, %s at the end; %d CPUs, %s %s.%n",
                sequentialBatches.size(), sizes(sequentialBatches),
                concurrent.isEmpty() ? "no concurrent run" : clients + " clients at once " + concurrentBatches.size()
                        + " (" + sizes(concurrentBatches) + "), after one untimed round of " + clients + " so that "
                        + "each concurrent submit instance is built",
                first.answerMicros() / 1000, first.bothMicros() / 1000, mailCheck, loadBefore, loadAfter,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"), System.getProperty("java.version")));
        s.append("\nCommand: `make bench-e2e` (`BOOKINGS=").append(bookings).append(" CLIENTS=").append(clients)
                .append(" benchmarks/e2e.sh`). The runtime's log: `benchmarks/target/bench-e2e/local-runtime.log`.\n");
        return s.toString();
    }

    private static void row(StringBuilder s, String name, List<Sample> sequential, List<Sample> concurrent,
                            ToLongFunction<Sample> micros) {
        s.append("| ").append(name).append(" | ").append(percentiles(sequential.stream().map(x -> micros.applyAsLong(x)).toList()))
                .append(" |");
        if (!concurrent.isEmpty()) {
            s.append(" ").append(percentiles(concurrent.stream().map(x -> micros.applyAsLong(x)).toList())).append(" |");
        }
        s.append('\n');
    }

    /** p50 | p90 | p99 | max in ms, nearest rank. */
    private static String percentiles(List<Long> micros) {
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        if (sorted.isEmpty()) return "– | – | – | –";
        return ms(rank(sorted, 50)) + " | " + ms(rank(sorted, 90)) + " | " + ms(rank(sorted, 99)) + " | " + ms(sorted.get(sorted.size() - 1));
    }

    private static long rank(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String ms(long micros) {
        return micros < 10_000 ? String.format(Locale.ROOT, "%.1f", micros / 1000.0) : Long.toString(Math.round(micros / 1000.0));
    }

    private static String sizes(List<Batch> batches) {
        Map<Integer, Integer> bySize = new java.util.TreeMap<>();
        for (Batch b : batches) bySize.merge(b.records(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        bySize.forEach((size, n) -> parts.add(n + " × " + size + (size == 1 ? " record" : " records")));
        return String.join(", ", parts);
    }

    private static long micros(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1000;
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void write(Path repo, String section) throws IOException {
        ColdStartBenchmark.updateBenchmarksMd(repo.resolve("BENCHMARKS.md"), section + "\n", "<!-- e2e:begin (written by benchmarks/e2e.sh; edits here are overwritten) -->",
                "<!-- e2e:end -->");
    }
}
