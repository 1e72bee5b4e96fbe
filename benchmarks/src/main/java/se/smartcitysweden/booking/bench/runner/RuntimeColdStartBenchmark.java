package se.smartcitysweden.booking.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.ContainerCredentialsEndpoint;
import se.smartcitysweden.booking.localaws.LambdaJavaProcess;
import se.smartcitysweden.booking.localaws.LambdaRuntimeApiStub;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalResources;
import se.smartcitysweden.booking.localaws.MotoServer;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.localruntime.FunctionRegistry;
import se.smartcitysweden.booking.localruntime.SignedSamples;
import se.smartcitysweden.booking.localruntime.LocalFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The cold start of every function as Lambda starts it (run by {@code benchmarks/run.sh},
 * documented in BENCHMARKS.md): each process is the function's deployment jar under Lambda's own
 * Java runtime interface client ({@link LambdaJavaProcess}), polling a Runtime API stub that hands
 * it one representative sample event from {@code events/}, with the template's environment (its
 * JAVA_TOOL_OPTIONS too) and only container credentials, as SnapStart gives them, against moto.
 * Beside each function run, in alternating order, the floor: the same runtime client, the same
 * event and environment, and {@code StreamFloorHandler}, which only parses the event with Jackson.
 * Wall time is from process start to the function's answer at the stub; CPU time and peak RSS
 * (VmHWM) are read from /proc when the answer is in, before the process is stopped.
 */
public final class RuntimeColdStartBenchmark {
    static final String BEGIN = "<!-- ric:begin (written by benchmarks/run.sh; edits here are overwritten) -->";
    static final String END = "<!-- ric:end -->";
    static final String FLOOR_HANDLER = "se.smartcitysweden.booking.bench.floor.StreamFloorHandler::handleRequest";
    static final String STACK = "visit-booking-bench";
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(90);
    /** The runtime client's jar and its own dependencies (its POM), found on this JVM's class path. */
    static final List<String> RUNTIME_CLIENT_ARTIFACTS = List.of("aws-lambda-java-runtime-interface-client-",
            "aws-lambda-java-core-", "aws-lambda-java-serialization-", "utils-lite-");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MIB = 1024 * 1024;

    /**
     * One function: its module (its artifact is {@code functions/<module>/target/<module>-lambda.jar}),
     * the event each run gets (fresh where a repeat would take another path), and its aims.
     */
    record Workload(String logicalId, String module, String event, Supplier<byte[]> events,
                    Predicate<JsonNode> answered, String expected, double ratioAim, long artifactAimBytes) { }

    /** One process: wall time to the first answer, to the first "next" (init done), CPU, peak RSS. */
    record Sample(double wallMs, double initMs, double cpuMs, long hwmKb) { }

    private final Path work;
    private final List<Path> runtimeClient;
    private final ContainerCredentialsEndpoint credentials;
    private final Path floorJar;
    private int processes;

    private RuntimeColdStartBenchmark(Path work, List<Path> runtimeClient, ContainerCredentialsEndpoint credentials,
                                      Path floorJar) {
        this.work = work;
        this.runtimeClient = runtimeClient;
        this.credentials = credentials;
        this.floorJar = floorJar;
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int pairs = Integer.parseInt(System.getenv().getOrDefault("PAIRS", "7"));
        if (pairs < 1) throw new IllegalArgumentException("PAIRS must be at least 1");
        Path work = repo.resolve("benchmarks/target/bench-ric");
        ColdStartBenchmark.deleteTree(work);
        Files.createDirectories(work.resolve("runs"));
        // Copies: a build running meanwhile cannot change the jars under the benchmark.
        Path jars = Files.createDirectories(work.resolve("jars"));
        Path floorJar = copy(repo.resolve("benchmarks/target/ric-floor-lambda.jar"), jars);

        System.out.println("Starting moto_server ...");
        try (MotoServer moto = MotoServer.start();
             ContainerCredentialsEndpoint credentials = ContainerCredentialsEndpoint.start()) {
            Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
            String endpoint = moto.endpoint().toString();
            CloudFormationTemplate template = CloudFormationTemplate.load(repo.resolve("template.yaml"), STACK,
                    LocalAwsClients.REGION.id(), endpoint, Map.of());
            LocalAwsClients clients = new LocalAwsClients(moto.endpoint());
            new LocalResources(template, clients).createAll();
            String table = template.physicalName("BookingTable");
            // The sample booking the manage page, the bounce and the follow-up find.
            JsonNode newBooking = JSON.readTree(SampleEvents.folder().resolve("dynamodb/new-booking.json").toFile());
            JsonNode sampleImage = newBooking.path("Records").path(0).path("dynamodb").path("NewImage");
            store(clients, table, sampleImage);

            List<Workload> workloads = workloads(clients, template, table, newBooking, sampleImage);
            FunctionRegistry registry = FunctionRegistry.fromTemplate(template, Map.of("AWS_ENDPOINT_URL", endpoint),
                    RuntimeColdStartBenchmark.class.getClassLoader(), System.out);
            // BENCH_ARTIFACTS=<folder of <module>-lambda.jar>: another build's jars (say, before a change), printed only.
            String otherBuild = System.getenv("BENCH_ARTIFACTS");
            Map<String, Path> artifacts = new LinkedHashMap<>();
            for (Workload w : workloads) {
                String jar = w.module() + "-lambda.jar";
                artifacts.put(w.logicalId(), copy(otherBuild != null ? Path.of(otherBuild).resolve(jar)
                        : repo.resolve("functions/" + w.module() + "/target/" + jar), jars));
            }
            RuntimeColdStartBenchmark benchmark = new RuntimeColdStartBenchmark(work, runtimeClientClassPath(),
                    credentials, floorJar);
            Map<String, List<Sample>> functionRuns = new LinkedHashMap<>();
            Map<String, List<Sample>> floorRuns = new LinkedHashMap<>();
            long started = System.nanoTime();
            String loadBefore = loadAverage();
            // Round 0 is untimed (page cache, moto, the disk); then the measured pairs, the order
            // of floor and function swapped every round, every function once per round.
            for (int round = 0; round <= pairs; round++) {
                System.out.printf(Locale.ROOT, round == 0 ? "Warm-up round ...%n" : "Round %d/%d ...%n", round, pairs);
                for (Workload w : workloads) {
                    LocalFunction.Definition definition = registry.get(w.logicalId()).definition();
                    byte[] event = w.events().get();
                    boolean floorFirst = round % 2 == 0;
                    Sample a = benchmark.run(w, definition, floorFirst, event, round);
                    Sample b = benchmark.run(w, definition, !floorFirst, event, round);
                    if (round == 0) continue;
                    floorRuns.computeIfAbsent(w.logicalId(), k -> new ArrayList<>()).add(floorFirst ? a : b);
                    functionRuns.computeIfAbsent(w.logicalId(), k -> new ArrayList<>()).add(floorFirst ? b : a);
                }
            }
            System.out.printf(Locale.ROOT, "%d processes in %d s%n", benchmark.processes,
                    (System.nanoTime() - started) / 1_000_000_000L);
            String load = "load average (1, 5, 15 min) " + loadBefore + " at the start, " + loadAverage() + " at the end";
            String report = report(repo, pairs, workloads, registry, functionRuns, floorRuns, artifacts, floorJar, load);
            System.out.println();
            System.out.println(report);
            if (otherBuild == null && CHECK_OPTIONS == null) {
                ColdStartBenchmark.updateBenchmarksMd(repo.resolve("BENCHMARKS.md"), report, BEGIN, END);
                System.out.println("Written to " + repo.resolve("BENCHMARKS.md"));
            }
        }
    }

    /**
     * BENCH_JAVA_TOOL_OPTIONS: flags added to every process's JAVA_TOOL_OPTIONS for a check, such as
     * {@code -Xlog:class+load} (which classes the runtime client loads; the logs are in
     * {@code benchmarks/target/bench-ric/runs/}). Its timings are printed only.
     */
    private static final String CHECK_OPTIONS = System.getenv("BENCH_JAVA_TOOL_OPTIONS");

    static List<Workload> workloads(LocalAwsClients clients, CloudFormationTemplate template, String table,
                                            JsonNode newBooking, JsonNode sampleImage) throws IOException {
        JsonNode submit = sample("apigw/submit-booking-valid.json");
        JsonNode manage = withManageToken(clients, template, sample("apigw/manage-page.json"),
                sampleImage.path("id").path("S").asText());
        String sampleId = sampleImage.path("id").path("S").asText();
        String newBookingText = JSON.writeValueAsString(newBooking);
        return List.of(
                // A new Idempotency-Key each run: every run stores a new booking, none is a replay.
                new Workload("SubmitBookingFunction", "submit-booking", "apigw/submit-booking-valid.json",
                        () -> bytes(withHeader(submit, "idempotency-key", UUID.randomUUID().toString())),
                        a -> a.path("statusCode").asInt() == 201, "201", 2.5, 8_000_000),
                new Workload("ManageBookingFunction", "manage-booking", "apigw/manage-page.json (signed token)",
                        () -> bytes(manage), a -> a.path("statusCode").asInt() == 200, "200", 2.8, 10_000_000),
                // A new booking each run (stored first, as the submit function would have): both mails go out every time.
                new Workload("NotifyCoordinatorFunction", "notify-coordinator", "dynamodb/new-booking.json (fresh id)",
                        () -> {
                            String id = UUID.randomUUID().toString();
                            JsonNode event = parse(newBookingText.replace(sampleId, id));
                            store(clients, table, event.path("Records").path(0).path("dynamodb").path("NewImage"));
                            return bytes(event);
                        },
                        a -> a.path("batchItemFailures").isArray() && a.path("batchItemFailures").isEmpty(),
                        "no batch item failures", 3.0, 10_000_000),
                new Workload("FollowUpFunction", "follow-up", "scheduler/follow-up-morning.json",
                        () -> bytes(sample("scheduler/follow-up-morning.json")),
                        a -> "done".equals(a.path("status").asText()), "status done", 3.5, 10_000_000),
                new Workload("MailEventsFunction", "mail-events", "eventbridge/ses-bounce.json",
                        () -> bytes(sample("eventbridge/ses-bounce.json")),
                        a -> a.path("result").isTextual(), "a result", Double.NaN, 10_000_000),
                // The page a coordinator opens first: the sign-in form (no aim in issue 11).
                new Workload("ConsoleFunction", "console", "apigw/console-sign-in-page.json",
                        () -> bytes(sample("apigw/console-sign-in-page.json")),
                        a -> a.path("statusCode").asInt() == 200, "200", Double.NaN, 10_000_000),
                // The same stream sample: the booking's overview row recorded (again: the same version writes the same row).
                new Workload("OverviewRowsFunction", "overview-rows", "dynamodb/new-booking.json",
                        () -> bytes(parse(newBookingText)),
                        a -> a.path("batchItemFailures").isArray() && a.path("batchItemFailures").isEmpty(),
                        "no batch item failures", Double.NaN, 10_000_000));
    }

    /** One process, the function's or the floor's, measured; the answer checked. */
    private Sample run(Workload w, LocalFunction.Definition definition, boolean floor, byte[] event, int round)
            throws Exception {
        processes++;
        String name = w.module() + "-" + (floor ? "floor" : "function") + "-" + round;
        Path log = work.resolve("runs/" + name + ".log");
        Path jar = floor ? floorJar : work.resolve("jars/" + w.module() + "-lambda.jar");
        try (LambdaRuntimeApiStub api = LambdaRuntimeApiStub.start(definition.arn(),
                Duration.ofSeconds(definition.timeoutSeconds()))) {
            Map<String, String> environment = new LinkedHashMap<>(definition.environment());
            environment.put("AWS_LAMBDA_RUNTIME_API", api.address());
            // An on-demand start: SnapStart's restore would skip the very init measured here.
            environment.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
            environment.putAll(credentials.environment());
            if (CHECK_OPTIONS != null) environment.merge("JAVA_TOOL_OPTIONS", CHECK_OPTIONS, (mine, check) -> mine + " " + check);
            AtomicLong answeredAt = new AtomicLong();
            CompletableFuture<LambdaRuntimeApiStub.Result> answer =
                    api.enqueue(event).whenComplete((result, error) -> answeredAt.set(System.nanoTime()));
            LambdaJavaProcess process = LambdaJavaProcess.start(jar, runtimeClient,
                    floor ? FLOOR_HANDLER : definition.handler(), definition.memoryMb(), environment, log);
            try {
                long deadline = System.nanoTime() + ANSWER_TIMEOUT.toNanos();
                while (!answer.isDone()) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        Thread.sleep(200);
                        if (answer.isDone()) break;
                        throw new IllegalStateException(name + (process.isAlive() ? " did not answer in time" :
                                " exited with status " + process.exitValue()) + ":\n" + process.output());
                    }
                    Thread.sleep(5);
                }
                LambdaRuntimeApiStub.Result result = answer.get();
                ProcessHandle child = child();
                double cpuMs = child.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
                long hwmKb = vmHwmKb(child.pid());
                if (result.isError()) {
                    throw new IllegalStateException(name + " answered " + result.errorType() + ": " + result.text()
                            + "\n" + process.output());
                }
                JsonNode body = JSON.readTree(result.payload());
                if (!floor && !w.answered().test(body)) {
                    throw new IllegalStateException(name + " answered without " + w.expected() + ": " + body
                            + "\n" + process.output());
                }
                long start = process.startedNanos();
                double initMs = api.firstNextNanos().map(at -> (at - start) / 1e6).orElse(Double.NaN);
                return new Sample((answeredAt.get() - start) / 1e6, initMs, cpuMs, hwmKb);
            } finally {
                process.close();
            }
        }
    }

    /** The runtime client's process: the one child of this JVM running its main class (moto is another child). */
    private static ProcessHandle child() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains(LambdaJavaProcess.RUNTIME_CLIENT_MAIN)).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("the runtime client's process is gone"));
    }

    /** Peak resident set size so far, from /proc/<pid>/status. */
    private static long vmHwmKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException("no VmHWM for process " + pid);
    }

    private static String report(Path repo, int pairs, List<Workload> workloads, FunctionRegistry registry,
                                 Map<String, List<Sample>> functionRuns, Map<String, List<Sample>> floorRuns,
                                 Map<String, Path> artifacts, Path floorJar, String load) throws IOException {
        StringBuilder md = new StringBuilder();
        String date = ZonedDateTime.now(ZoneId.of("UTC")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        md.append("### Under Lambda's runtime interface client (").append(date).append(")\n\n");
        md.append("Medians of ").append(pairs).append(" pairs per function (floor and function alternating, the order ")
                .append("swapped every round, after one untimed warm-up round). **× floor** is the median of the per-pair ")
                .append("ratios (min–max). First answer = process start to the answer at the Runtime API stub; init = ")
                .append("process start to the runtime client's first `next` (handler built); CPU = user + system time of ")
                .append("the whole process when the answer is in; peak RSS = VmHWM then.\n\n");
        md.append("| function | first answer | × floor | CPU | × floor (CPU) | init | peak RSS | artifact | aims |\n");
        md.append("|---|---|---|---|---|---|---|---|---|\n");
        List<String> floorCells = new ArrayList<>();
        for (Workload w : workloads) {
            List<Sample> f = functionRuns.get(w.logicalId());
            List<Sample> fl = floorRuns.get(w.logicalId());
            double[] wallRatios = ratios(f, fl, Sample::wallMs);
            double[] cpuRatios = ratios(f, fl, Sample::cpuMs);
            double rssMib = median(f, s -> s.hwmKb() / 1024.0);
            long size = Files.size(artifacts.get(w.logicalId()));
            double wallRatio = median(wallRatios);
            double cpuRatio = median(cpuRatios);
            String aims = Double.isNaN(w.ratioAim()) ? "— " : "≤ " + w.ratioAim() + " × (wall " + mark(wallRatio <= w.ratioAim())
                    + ", CPU " + mark(cpuRatio <= w.ratioAim()) + "), ";
            aims += "≤ " + w.artifactAimBytes() / 1_000_000 + " MB " + mark(size <= w.artifactAimBytes())
                    + ", ≤ 110 MiB " + mark(rssMib <= 110);
            md.append("| ").append(w.module())
                    .append(" | ").append(fmt0(median(f, Sample::wallMs))).append(" ms")
                    .append(" | **").append(fmt2(wallRatio)).append("** (").append(fmt2(min(wallRatios))).append("–")
                    .append(fmt2(max(wallRatios))).append(")")
                    .append(" | ").append(fmt0(median(f, Sample::cpuMs))).append(" ms")
                    .append(" | ").append(fmt2(cpuRatio)).append(" (").append(fmt2(min(cpuRatios))).append("–")
                    .append(fmt2(max(cpuRatios))).append(")")
                    .append(" | ").append(fmt0(median(f, Sample::initMs))).append(" ms")
                    .append(" | ").append(fmt0(rssMib)).append(" MiB")
                    .append(" | ").append(String.format(Locale.ROOT, "%.2f MB", size / 1e6))
                    .append(" | ").append(aims).append(" |\n");
            floorCells.add(w.module() + " " + fmt0(median(fl, Sample::wallMs)) + " ms, CPU " + fmt0(median(fl, Sample::cpuMs))
                    + " ms, " + fmt0(median(fl, s -> s.hwmKb() / 1024.0)) + " MiB");
        }
        md.append('\n');
        md.append("The floor (`StreamFloorHandler`, `benchmarks/target/ric-floor-lambda.jar`, ")
                .append(String.format(Locale.ROOT, "%.2f MB", Files.size(floorJar) / 1e6))
                .append(": the runtime client, Jackson parsing the event, a small JSON answer), medians beside each function ")
                .append("(same event): ").append(String.join("; ", floorCells)).append(".\n\n");
        md.append("Events (`events/`): ");
        List<String> events = new ArrayList<>();
        for (Workload w : workloads) events.add(w.module() + " `" + w.event() + "` (answer checked: " + w.expected() + ")");
        md.append(String.join("; ", events)).append(". Aims (issue 11), without class-data archives: ✅ met, ❌ not met.\n\n");

        LocalFunction.Definition submit = registry.get("SubmitBookingFunction").definition();
        md.append("Every process: `java -XX:MaxHeapSize=<85 % of MemorySize>m -XX:+UseSerialGC -XX:MaxRAM=<MemorySize>m ")
                .append("-cp <artifact>:<runtime client> ")
                .append(LambdaJavaProcess.RUNTIME_CLIENT_MAIN).append(" <Handler>` (`LambdaJavaProcess`), runtime client ")
                .append(runtimeClientVersions()).append(", with the template's environment for the function, ")
                .append("`JAVA_TOOL_OPTIONS=").append(submit.environment().getOrDefault("JAVA_TOOL_OPTIONS", "(not set)"))
                .append("` from it, MemorySize ").append(submit.memoryMb()).append(" MB, `AWS_LAMBDA_INITIALIZATION_TYPE=on-demand`, ")
                .append("and container credentials only (`AWS_CONTAINER_CREDENTIALS_FULL_URI` and its token, no key variables), ")
                .append("as SnapStart gives them; `AWS_ENDPOINT_URL` points at moto (plain HTTP on loopback). The floor gets the ")
                .append("same environment.\n\n");
        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs, ")
                .append(ColdStartBenchmark.cpuModel()).append(", ").append(System.getProperty("java.vm.name")).append(" ")
                .append(System.getProperty("java.runtime.version")).append("; ").append(load)
                .append(" (other work on the machine inflates wall times, the floor's relatively more; CPU ratios ")
                .append("are steadier). Command: `make bench` (")
                .append("`PAIRS=").append(pairs).append("`). Logs of every process: `benchmarks/target/bench-ric/runs/`.\n");
        return md.toString();
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String mark(boolean met) {
        return met ? "✅" : "❌";
    }

    private static String runtimeClientVersions() {
        List<String> names = new ArrayList<>();
        for (Path jar : runtimeClientClassPath()) names.add("`" + jar.getFileName().toString().replace(".jar", "") + "`");
        return String.join(", ", names);
    }

    private static double[] ratios(List<Sample> function, List<Sample> floor, ToDoubleFunction<Sample> value) {
        double[] ratios = new double[Math.min(function.size(), floor.size())];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = value.applyAsDouble(function.get(i)) / value.applyAsDouble(floor.get(i));
        }
        return ratios;
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        return median(items.stream().mapToDouble(value).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static String fmt0(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String fmt2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static Path copy(Path jar, Path folder) throws IOException {
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: build first (benchmarks/run.sh does)");
        return Files.copy(jar, folder.resolve(jar.getFileName()));
    }

    static List<Path> runtimeClientClassPath() {
        List<Path> jars = new ArrayList<>();
        for (String artifact : RUNTIME_CLIENT_ARTIFACTS) {
            jars.add(Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator)).map(Path::of)
                    .filter(p -> p.getFileName().toString().startsWith(artifact)).findFirst()
                    .orElseThrow(() -> new IllegalStateException(artifact + "*.jar is not on the class path")));
        }
        return jars;
    }

    static JsonNode sample(String name) {
        try {
            return JSON.readTree(SampleEvents.folder().resolve(name).toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read events/" + name, e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(JsonNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonNode withHeader(JsonNode event, String name, String value) {
        ObjectNode copy = event.deepCopy();
        ((ObjectNode) copy.path("headers")).put(name, value);
        return copy;
    }

    /** The manage page sample pointed at the stored booking, with a token signed by the stack's secret. */
    private static JsonNode withManageToken(LocalAwsClients clients, CloudFormationTemplate template, JsonNode sample,
                                            String bookingId) {
        return SignedSamples.managePage(sample, SignedSamples.linkSecret(clients, template.physicalName("LinkSigningSecret")),
                bookingId, Node.UMEA);
    }

    /** Stores a stream image (DynamoDB JSON) as the item, as the submit function would have written it. */
    static void store(LocalAwsClients clients, String table, JsonNode image) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        image.fields().forEachRemaining(field -> item.put(field.getKey(), attribute(field.getValue())));
        try (DynamoDbClient dynamoDb = clients.dynamoDb()) {
            dynamoDb.putItem(request -> request.tableName(table).item(item));
        }
    }

    private static AttributeValue attribute(JsonNode value) {
        if (value.has("S")) return AttributeValue.fromS(value.get("S").asText());
        if (value.has("N")) return AttributeValue.fromN(value.get("N").asText());
        if (value.has("BOOL")) return AttributeValue.fromBool(value.get("BOOL").asBoolean());
        if (value.has("NULL")) return AttributeValue.fromNul(true);
        if (value.has("SS")) {
            List<String> strings = new ArrayList<>();
            value.get("SS").forEach(s -> strings.add(s.asText()));
            return AttributeValue.fromSs(strings);
        }
        if (value.has("L")) {
            List<AttributeValue> list = new ArrayList<>();
            value.get("L").forEach(v -> list.add(attribute(v)));
            return AttributeValue.fromL(list);
        }
        if (value.has("M")) {
            Map<String, AttributeValue> map = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = value.get("M").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                map.put(field.getKey(), attribute(field.getValue()));
            }
            return AttributeValue.fromM(map);
        }
        throw new IllegalArgumentException("unsupported attribute value " + value);
    }
}
