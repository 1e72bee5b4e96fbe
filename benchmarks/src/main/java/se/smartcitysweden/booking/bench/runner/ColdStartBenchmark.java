package se.smartcitysweden.booking.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalResources;
import se.smartcitysweden.booking.localaws.MotoServer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The cold-start benchmark (run by {@code benchmarks/run.sh}, documented in BENCHMARKS.md).
 *
 * <p>Starts {@code moto_server} on a free port, creates the table that {@code template.yaml}
 * declares, then runs whole processes in pairs, alternating their order: a fresh JVM on the
 * floor artifact and a fresh JVM on the submit function's artifact, each answering the same HTTP
 * API event once through {@code ColdStartHarness}. Every run of the real function must answer
 * 201 and its booking must be in the table at the end, or the benchmark fails. Writes the
 * results between the markers of BENCHMARKS.md and prints them.
 */
public final class ColdStartBenchmark {
    static final String HARNESS_MAIN = "se.smartcitysweden.booking.bench.harness.ColdStartHarness";
    static final String FLOOR_HANDLER = "se.smartcitysweden.booking.bench.floor.FloorHandler";
    static final String REAL_HANDLER = "se.smartcitysweden.booking.submit.SubmitBookingHandler";
    static final List<String> C1_FLAGS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1");
    static final String BEGIN = "<!-- bench:begin (written by benchmarks/run.sh; edits here are overwritten) -->";
    static final String END = "<!-- bench:end -->";
    static final String STACK = "visit-booking-bench";
    static final String REGION = "eu-north-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One way of starting the JVM, run for the floor and the real artifact alike. */
    record Setup(String key, String label, List<String> flags, boolean cds) { }

    record Target(String key, String label, Path jar, String handler) { }

    record Run(long wallMicros, long rssKb, long cpuMillis, double launchToMain, double mainToBuilt,
               double builtToResponse) { }

    private final Path repo;
    private final Path work;
    private final int runs;
    private final String javaBinary;
    private final boolean gnuTime;
    private final Path eventFile;
    private final Map<String, String> environment;
    private final Path harnessJar;
    private final Path serializerJar;
    private int realRuns;

    private ColdStartBenchmark(Path repo, Path work, int runs, Path eventFile, Map<String, String> environment) {
        this.repo = repo;
        this.work = work;
        this.runs = runs;
        this.javaBinary = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.gnuTime = isGnuTime();
        this.eventFile = eventFile;
        this.environment = environment;
        this.harnessJar = work.resolve("jars/benchmarks-harness.jar");
        this.serializerJar = work.resolve("jars/aws-lambda-java-serialization.jar");
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "9"));
        if (runs < 1) throw new IllegalArgumentException("RUNS must be at least 1");
        Path work = repo.resolve("benchmarks/target/bench");
        deleteTree(work);
        Files.createDirectories(work.resolve("runs"));

        // The jars are copied first: a build running meanwhile cannot change them under the
        // benchmark, and the AppCDS archives stay valid (they check the jars' times and sizes).
        Path jars = Files.createDirectories(work.resolve("jars"));
        for (Path jar : List.of(repo.resolve("benchmarks/target/floor-lambda.jar"),
                repo.resolve("functions/submit-booking/target/submit-booking-lambda.jar"),
                repo.resolve("benchmarks/target/benchmarks-harness.jar"),
                repo.resolve("benchmarks/target/aws-lambda-java-serialization.jar"))) {
            if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + " is missing: build first (benchmarks/run.sh does)");
            Files.copy(jar, jars.resolve(jar.getFileName()));
        }
        Target floor = new Target("floor", "floor: parse the body with Jackson, answer 201, no AWS call",
                jars.resolve("floor-lambda.jar"), FLOOR_HANDLER);
        Target real = new Target("submit", "submit-booking: validate, TransactWriteItems to moto, 201",
                jars.resolve("submit-booking-lambda.jar"), REAL_HANDLER);

        Path templateFile = repo.resolve("template.yaml");
        System.out.println("Starting moto_server ...");
        try (MotoServer moto = MotoServer.start()) {
            // Interrupted (Ctrl-C): stop moto too; closing twice is harmless.
            Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
            String endpoint = moto.endpoint().toString();
            CloudFormationTemplate template = CloudFormationTemplate.load(templateFile, STACK, REGION, endpoint, Map.of());
            LocalAwsClients clients = new LocalAwsClients(moto.endpoint());
            new LocalResources(template, clients).createAll().forEach(line -> System.out.println("  created " + line));
            String tableName = tableNameOf(template);
            Path eventFile = work.resolve("event.json");
            int bodyBytes = writeEvent(eventFile);
            System.out.printf(Locale.ROOT, "moto_server on %s, table %s, event %s (body %d bytes)%n",
                    endpoint, tableName, repo.relativize(eventFile), bodyBytes);

            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
            environment.put("LANG", "en_US.UTF-8");
            environment.put("TZ", ":UTC");
            environment.put("AWS_REGION", REGION);
            environment.put("AWS_DEFAULT_REGION", REGION);
            environment.put("AWS_ACCESS_KEY_ID", "test");
            environment.put("AWS_SECRET_ACCESS_KEY", "test");
            environment.put("AWS_ENDPOINT_URL", endpoint);
            environment.put("AWS_LAMBDA_FUNCTION_NAME", "SubmitBookingFunction");
            environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "1024");
            environment.put("TABLE_NAME", tableName);
            // Every run sends the one event, from one source: the bookings-per-source limit at its
            // highest (Limits), so that each run still counts its source as production does.
            environment.put("BOOKINGS_PER_SOURCE_PER_HOUR", Integer.toString(se.smartcitysweden.booking.limits.RateLimit.MAX_LIMIT));

            ColdStartBenchmark benchmark = new ColdStartBenchmark(repo, work, runs, eventFile, environment);
            String report = benchmark.run(floor, real, clients, tableName, bodyBytes);
            updateBenchmarksMd(repo.resolve("BENCHMARKS.md"), report);
            System.out.println();
            System.out.println(report);
            System.out.println("Written to " + repo.resolve("BENCHMARKS.md"));
        }
    }

    private String run(Target floor, Target real, LocalAwsClients clients, String tableName, int bodyBytes)
            throws Exception {
        List<Setup> setups = List.of(
                new Setup("c1", "C1", C1_FLAGS, false),
                new Setup("default", "default JIT", List.of(), false),
                new Setup("c1-appcds", "C1 + AppCDS", C1_FLAGS, true),
                new Setup("c1-jackson", "C1, plain Jackson", concat(C1_FLAGS, "-Dbench.serializer=jackson"), false));
        List<Target> targets = List.of(floor, real);

        // AppCDS: one training run per artifact dumps the classes it loaded at exit.
        for (Target target : targets) {
            System.out.println("Training AppCDS archive for " + target.key() + " ...");
            List<String> flags = new ArrayList<>(C1_FLAGS);
            flags.add("-XX:ArchiveClassesAtExit=" + archive(target));
            flags.add("-Xlog:cds=error");
            runOnce(target, flags, "train-" + target.key());
            if (!Files.isRegularFile(archive(target))) throw new IllegalStateException("no archive " + archive(target));
        }

        // Class loading, counted once per setup in separate (untimed) runs.
        Map<String, ClassCount> classes = new LinkedHashMap<>();
        for (Setup setup : setups) {
            for (Target target : targets) {
                Path log = work.resolve("classes-" + target.key() + "-" + setup.key() + ".log");
                List<String> flags = new ArrayList<>(flags(setup, target));
                flags.add("-Xlog:class+load=info:file=" + log);
                runOnce(target, flags, "classes-" + target.key() + "-" + setup.key());
                classes.put(target.key() + "/" + setup.key(), ClassCount.of(log));
            }
        }
        if (classes.get(real.key() + "/c1-appcds").fromArchive() == 0) {
            throw new IllegalStateException("the AppCDS archive was not used; see " + work);
        }

        // One untimed round warms the page cache, moto and the disk; then the measured rounds.
        Map<String, List<Run>> results = new LinkedHashMap<>();
        for (int round = 0; round <= runs; round++) {
            System.out.printf(Locale.ROOT, round == 0 ? "Warm-up round ...%n" : "Round %d/%d ...%n", round, runs);
            for (Setup setup : setups) {
                List<Target> order = round % 2 == 0 ? targets : List.of(real, floor);
                for (Target target : order) {
                    Run run = runOnce(target, flags(setup, target), target.key() + "-" + setup.key() + "-" + round);
                    if (round > 0) results.computeIfAbsent(target.key() + "/" + setup.key(), k -> new ArrayList<>()).add(run);
                }
            }
        }

        long stored = countBookings(clients, tableName);
        if (stored != realRuns) {
            throw new IllegalStateException("expected " + realRuns + " bookings in " + tableName + ", found " + stored);
        }
        System.out.printf(Locale.ROOT, "All %d runs of the submit function answered 201; %d bookings are in the table.%n",
                realRuns, stored);
        return report(floor, real, setups, results, classes, bodyBytes);
    }

    private static List<String> concat(List<String> list, String item) {
        List<String> all = new ArrayList<>(list);
        all.add(item);
        return List.copyOf(all);
    }

    private List<String> flags(Setup setup, Target target) {
        List<String> flags = new ArrayList<>(setup.flags());
        if (setup.cds()) flags.add("-XX:SharedArchiveFile=" + archive(target));
        return flags;
    }

    private Path archive(Target target) {
        return work.resolve(target.key() + ".jsa");
    }

    private String classPath(Target target) {
        return String.join(":", harnessJar.toString(), serializerJar.toString(), target.jar().toString());
    }

    List<String> javaCommand(Target target, List<String> flags, long launchMillis) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        command.addAll(flags);
        command.add("-Dbench.launchMillis=" + launchMillis);
        command.add("-cp");
        command.add(classPath(target));
        command.add(HARNESS_MAIN);
        command.add(target.handler());
        command.add(eventFile.toString());
        return command;
    }

    /** One whole process: wall time around it, peak RSS from /usr/bin/time (or VmHWM), status checked. */
    private Run runOnce(Target target, List<String> flags, String name) throws IOException, InterruptedException {
        Path out = work.resolve("runs/" + name + ".out");
        Path err = work.resolve("runs/" + name + ".err");
        Path timeFile = work.resolve("runs/" + name + ".time");
        List<String> command = new ArrayList<>();
        if (gnuTime) command.addAll(List.of("/usr/bin/time", "-f", "%M %U %S", "-o", timeFile.toString()));
        long launchMillis = System.currentTimeMillis();
        command.addAll(javaCommand(target, flags, launchMillis));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);

        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(name + " did not finish in 120 s; see " + out);
        }
        long wallMicros = (System.nanoTime() - start) / 1000;

        Map<String, String> bench = benchLine(out);
        String status = bench.getOrDefault("status", "none");
        if (process.exitValue() != 0 || !status.equals("201")) {
            throw new IllegalStateException(name + ": exit " + process.exitValue() + ", status " + status
                    + " (expected 201). A NoClassDefFoundError here usually means the artifact was copied while a "
                    + "build was rewriting it: run again.\n--- stdout ---\n" + Files.readString(out) + "\n--- stderr ---\n"
                    + Files.readString(err));
        }
        if (target.handler().equals(REAL_HANDLER)) realRuns++;
        long rssKb;
        long cpuMillis;
        if (gnuTime) {
            String[] time = lastLine(Files.readString(timeFile)).split(" ");
            rssKb = Long.parseLong(time[0]);
            cpuMillis = Math.round((Double.parseDouble(time[1]) + Double.parseDouble(time[2])) * 1000);
        } else {
            rssKb = Long.parseLong(bench.get("vmhwm_kb"));
            cpuMillis = Long.parseLong(bench.get("cpu_ms"));
        }
        return new Run(wallMicros, rssKb, cpuMillis, Double.parseDouble(bench.get("launch_to_main_ms")),
                Double.parseDouble(bench.get("main_to_built_ms")), Double.parseDouble(bench.get("built_to_response_ms")));
    }

    private static Map<String, String> benchLine(Path out) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(out)) {
            if (!line.startsWith("BENCH ")) continue;
            for (String pair : line.substring(6).trim().split(" ")) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return values;
    }

    private static String lastLine(String text) {
        String[] lines = text.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private static boolean isGnuTime() {
        Path time = Path.of("/usr/bin/time");
        if (!Files.isExecutable(time)) {
            System.out.println("note: /usr/bin/time not found (apt-get install time); peak RSS is read from VmHWM");
            return false;
        }
        try {
            Process p = new ProcessBuilder(time.toString(), "-f", "%M %U %S", "true").redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.waitFor() == 0 && output.strip().matches("\\d+ [0-9.]+ [0-9.]+");
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static long countBookings(LocalAwsClients clients, String tableName) {
        try (DynamoDbClient dynamoDb = clients.dynamoDb()) {
            return dynamoDb.scanPaginator(scan -> scan.tableName(tableName).select(Select.COUNT)
                            .filterExpression("#type = :booking")
                            .expressionAttributeNames(Map.of("#type", "type"))
                            .expressionAttributeValues(Map.of(":booking", AttributeValue.fromS("booking"))))
                    .stream().mapToLong(page -> page.count()).sum();
        }
    }

    /** TABLE_NAME as the template gives it to the submit function (its own variables over Globals'). */
    static String tableNameOf(CloudFormationTemplate template) {
        JsonNode globals = template.root().path("Globals").path("Function").path("Environment").path("Variables");
        for (String id : template.resourcesOfType("AWS::Serverless::Function")) {
            JsonNode properties = template.properties(id);
            if (!properties.path("Handler").asText().startsWith(REAL_HANDLER)) continue;
            JsonNode value = properties.path("Environment").path("Variables").path("TABLE_NAME");
            if (value.isMissingNode()) value = globals.path("TABLE_NAME");
            if (value.isMissingNode()) throw new IllegalStateException(id + " has no TABLE_NAME in template.yaml");
            return template.resolve(value);
        }
        throw new IllegalStateException("no function with handler " + REAL_HANDLER + " in template.yaml");
    }

    /** The HTTP API event with a valid ~1 KB booking whose dates are some weeks ahead of today (Sweden). */
    static int writeEvent(Path file) throws IOException {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Stockholm"));
        String body = resource("bench/booking.json")
                .replace("{{FROM1}}", today.plusDays(60).toString()).replace("{{TO1}}", today.plusDays(64).toString())
                .replace("{{FROM2}}", today.plusDays(90).toString()).replace("{{TO2}}", today.plusDays(94).toString());
        String compact = JSON.writeValueAsString(JSON.readTree(body));
        int bodyBytes = compact.getBytes(StandardCharsets.UTF_8).length;
        ObjectNode event = (ObjectNode) JSON.readTree(resource("bench/http-api-event.json"));
        event.put("body", compact);
        ((ObjectNode) event.get("headers")).put("content-length", Integer.toString(bodyBytes));
        long now = System.currentTimeMillis();
        ObjectNode context = (ObjectNode) event.get("requestContext");
        context.put("timeEpoch", now);
        context.put("time", DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT)
                .format(ZonedDateTime.now(ZoneId.of("UTC"))));
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(event));
        return bodyBytes;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ColdStartBenchmark.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("missing resource " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Classes loaded by one run, by where they came from. */
    record ClassCount(int total, int fromArchive, int fromJdk, int fromJar, Map<String, Integer> jarPackages) {
        static ClassCount of(Path log) {
            int total = 0;
            int archive = 0;
            int jdk = 0;
            int jar = 0;
            Map<String, Integer> packages = new TreeMap<>();
            try {
                for (String line : Files.readAllLines(log)) {
                    int source = line.indexOf(" source: ");
                    if (source < 0) continue;
                    total++;
                    String from = line.substring(source + 9);
                    String name = line.substring(line.lastIndexOf(']') + 1, source).trim();
                    if (from.startsWith("shared objects file")) archive++;
                    else if (from.startsWith("jrt:/")) jdk++;
                    else if (from.startsWith("file:") || from.endsWith(".jar")) {
                        jar++;
                        packages.merge(packageGroup(name), 1, Integer::sum);
                    } else jdk++;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new ClassCount(total, archive, jdk, jar, packages);
        }

        /** The first four segments of a class's package: enough to tell the SDK's parts apart. */
        private static String packageGroup(String className) {
            String[] parts = className.split("\\.");
            int n = Math.min(parts.length - 1, 4);
            return String.join(".", java.util.Arrays.copyOf(parts, Math.max(n, 1)));
        }
    }

    private String report(Target floor, Target real, List<Setup> setups, Map<String, List<Run>> results,
                          Map<String, ClassCount> classes, int bodyBytes) throws IOException, InterruptedException {
        StringBuilder md = new StringBuilder();
        String date = ZonedDateTime.now(ZoneId.of("UTC")).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
        md.append("### Results (").append(date).append(")\n\n");
        md.append("Medians of ").append(runs).append(" paired runs per row (floor and submit alternating, order swapped ")
                .append("every round, after one untimed warm-up round). Every submit run answered 201 and its booking was ")
                .append("found in the table afterwards. Wall time is the whole process, measured around it by the runner; ")
                .append("peak RSS and CPU time are ").append(gnuTime ? "`/usr/bin/time -f '%M %U %S'`" : "VmHWM and utime + stime from /proc")
                .append(". JVM start→main, main→handler built (class loading, constructor, serializers), ")
                .append("built→response (deserialize, handleRequest, serialize) are the harness's clocks.\n\n");

        md.append("| artifact | JVM | wall (min–max) | × floor | CPU user+sys | × floor | peak RSS | start→main "
                + "| main→built | built→response | classes loaded (from jar) |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Setup setup : setups) {
            List<Run> floorRuns = results.get(floor.key() + "/" + setup.key());
            double floorWall = median(floorRuns, r -> r.wallMicros() / 1000.0);
            double floorCpu = median(floorRuns, r -> (double) r.cpuMillis());
            for (Target target : List.of(floor, real)) {
                List<Run> list = results.get(target.key() + "/" + setup.key());
                double wall = median(list, r -> r.wallMicros() / 1000.0);
                double cpu = median(list, r -> (double) r.cpuMillis());
                ClassCount count = classes.get(target.key() + "/" + setup.key());
                String wallRatio = target == floor ? "1" : "**" + fmt2(wall / floorWall) + "**";
                if (target == real && setup.cds()) {
                    wallRatio += " (" + fmt2(wall / median(results.get(floor.key() + "/c1"), r -> r.wallMicros() / 1000.0))
                            + " × the C1 floor without CDS)";
                }
                md.append("| ").append(target == floor ? "floor" : "**submit**")
                        .append(" | ").append(setup.label())
                        .append(" | ").append(fmt0(wall)).append(" ms (")
                        .append(fmt0(min(list, r -> r.wallMicros() / 1000.0))).append("–")
                        .append(fmt0(max(list, r -> r.wallMicros() / 1000.0))).append(")")
                        .append(" | ").append(wallRatio)
                        .append(" | ").append(fmt0(cpu)).append(" ms")
                        .append(" | ").append(target == floor ? "1" : fmt2(cpu / floorCpu))
                        .append(" | ").append(fmt0(median(list, r -> r.rssKb() / 1024.0))).append(" MiB")
                        .append(" | ").append(fmt0(median(list, Run::launchToMain))).append(" ms")
                        .append(" | ").append(fmt0(median(list, Run::mainToBuilt))).append(" ms")
                        .append(" | ").append(fmt0(median(list, Run::builtToResponse))).append(" ms")
                        .append(" | ").append(count.total()).append(" (").append(count.fromJar()).append(")")
                        .append(setup.cds() ? ", " + count.fromArchive() + " from the archive" : "")
                        .append(" |\n");
            }
        }
        md.append('\n');
        md.append("JVM: **C1** = `").append(String.join(" ", C1_FLAGS)).append("`, as template.yaml's JAVA_TOOL_OPTIONS ")
                .append("sets on AWS; **default JIT** = no flags (C1 + C2); **C1 + AppCDS** = C1 and ")
                .append("`-XX:SharedArchiveFile=<artifact>.jsa` from a training run (what SnapStart stands for here); ")
                .append("**C1, plain Jackson** = C1, the event read and the response written with the artifact's own Jackson ")
                .append("(`-Dbench.serializer=jackson`) instead of Lambda's `aws-lambda-java-serialization` 1.4.1. The submit ")
                .append("function is a `RequestStreamHandler` (it reads its event with its own Jackson in every row), while this ")
                .append("floor is a POJO handler: only in the plain-Jackson rows do both sides read the event the same way, so ")
                .append("those are the like-for-like ratio here. All rows use the JDK's default CDS archive. ")
                .append("CPU is user + system time of the whole process (all its threads), from `/usr/bin/time`: less ")
                .append("disturbed than wall time by other work on the machine, and closer to what a 1024 MB Lambda ")
                .append("(about 0.6 vCPU) pays.\n\n");
        md.append("Median of the per-pair wall-time ratios (each submit run over the floor run beside it):");
        for (Setup setup : setups) {
            List<Run> f = results.get(floor.key() + "/" + setup.key());
            List<Run> r = results.get(real.key() + "/" + setup.key());
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < Math.min(f.size(), r.size()); i++) ratios.add((double) r.get(i).wallMicros() / f.get(i).wallMicros());
            md.append(setups.indexOf(setup) == 0 ? " " : "; ").append(setup.label()).append(" ")
                    .append(fmt2(median(ratios, x -> x))).append(" (").append(fmt2(ratios.stream().mapToDouble(x -> x).min().orElse(0)))
                    .append("–").append(fmt2(ratios.stream().mapToDouble(x -> x).max().orElse(0))).append(")");
        }
        md.append(".\n\n");

        long artifactBytes = Files.size(real.jar());
        long floorBytes = Files.size(floor.jar());
        double ratioC1 = median(results.get(real.key() + "/c1"), x -> x.wallMicros()) / median(results.get(floor.key() + "/c1"), x -> x.wallMicros());
        double ratioJackson = median(results.get(real.key() + "/c1-jackson"), x -> x.wallMicros()) / median(results.get(floor.key() + "/c1-jackson"), x -> x.wallMicros());
        double cpuRatioC1 = median(results.get(real.key() + "/c1"), x -> (double) x.cpuMillis()) / median(results.get(floor.key() + "/c1"), x -> (double) x.cpuMillis());
        double cpuRatioJackson = median(results.get(real.key() + "/c1-jackson"), x -> (double) x.cpuMillis()) / median(results.get(floor.key() + "/c1-jackson"), x -> (double) x.cpuMillis());
        double ratioDefault = median(results.get(real.key() + "/default"), x -> x.wallMicros()) / median(results.get(floor.key() + "/default"), x -> x.wallMicros());
        md.append("Artifacts: `functions/submit-booking/target/submit-booking-lambda.jar` ")
                .append(String.format(Locale.ROOT, "%,d bytes (%.2f MB, %.2f MiB)", artifactBytes, artifactBytes / 1e6, artifactBytes / 1048576.0))
                .append("; floor `benchmarks/target/floor-lambda.jar` ")
                .append(String.format(Locale.ROOT, "%,d bytes (%.2f MB)", floorBytes, floorBytes / 1e6))
                .append(". Event: HTTP API v2.0, body ").append(bodyBytes).append(" bytes.\n\n");
        md.append("Aim (issue 2): at most 2.5 × the floor without class-data sharing — **")
                .append(ratioC1 <= 2.5 ? "met" : "not met").append("** with the template's C1 flags (")
                .append(fmt2(ratioC1)).append(" ×), ").append(ratioDefault <= 2.5 ? "met" : "not met")
                .append(" with JVM defaults (").append(fmt2(ratioDefault)).append(" ×), ").append(ratioJackson <= 2.5 ? "met" : "not met")
                .append(" with plain Jackson (").append(fmt2(ratioJackson)).append(" ×); in CPU time ")
                .append(fmt2(cpuRatioC1)).append(" × (C1) and ").append(fmt2(cpuRatioJackson))
                .append(" × (C1, plain Jackson); artifact under 10 MB — **")
                .append(artifactBytes < 10_000_000 ? "met" : "not met").append("** (")
                .append(String.format(Locale.ROOT, "%.2f MB", artifactBytes / 1e6)).append(").\n\n");

        ClassCount realC1 = classes.get(real.key() + "/c1");
        ClassCount floorC1 = classes.get(floor.key() + "/c1");
        md.append("Classes the submit function loads from its jar beyond the floor's, by package (C1 run):\n\n");
        Map<String, Integer> extra = new LinkedHashMap<>();
        realC1.jarPackages().forEach((pkg, n) -> {
            int diff = n - floorC1.jarPackages().getOrDefault(pkg, 0);
            if (diff > 0) extra.put(pkg, diff);
        });
        md.append(extra.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(12)
                .map(e -> "`" + e.getKey() + "` " + e.getValue()).collect(Collectors.joining(", "))).append("\n\n");

        md.append("Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(cpuModel()).append(", ").append(memory()).append(".\n\n");
        md.append("```\n$ java -version\n").append(javaVersion()).append("```\n\n");
        md.append("Command: `make bench` = `benchmarks/run.sh` (here with RUNS=").append(runs)
                .append("). Each timed process is (paths shortened; environment: TABLE_NAME, AWS_ENDPOINT_URL=moto, ")
                .append("AWS_REGION, test credentials, nothing else from the caller's):\n\n```\n");
        List<String> example = new ArrayList<>();
        if (gnuTime) example.addAll(List.of("/usr/bin/time", "-f", "'%M %U %S'"));
        example.addAll(javaCommand(real, C1_FLAGS, 0));
        md.append(String.join(" ", example).replace(repo + "/", "").replace("-Dbench.launchMillis=0", "-Dbench.launchMillis=<now>"))
                .append("\n```\n\n(`benchmarks/target/bench/jars/` holds copies of the built jars, taken when the run starts.) ")
                .append("The floor's command is the same with `floor-lambda.jar` and `")
                .append(FLOOR_HANDLER).append("`; the AppCDS rows add `-XX:SharedArchiveFile=<artifact>.jsa`, dumped by ")
                .append("one training run with `-XX:ArchiveClassesAtExit`. Raw output of every run: `benchmarks/target/bench/`.\n");
        return md.toString();
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.0f GiB memory",
                            Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)).orElse("memory unknown");
        } catch (IOException e) {
            return "memory unknown";
        }
    }

    private String javaVersion() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(javaBinary, "-version").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return text;
    }

    static void updateBenchmarksMd(Path file, String report) throws IOException {
        updateBenchmarksMd(file, report, BEGIN, END);
    }

    /** Replaces the text between the markers (or appends them with the report). */
    static void updateBenchmarksMd(Path file, String report, String beginMarker, String endMarker) throws IOException {
        String block = beginMarker + "\n" + report + endMarker;
        String text = Files.isRegularFile(file) ? Files.readString(file) : "# Benchmarks\n";
        int begin = text.indexOf(beginMarker);
        int end = text.indexOf(endMarker);
        text = begin >= 0 && end > begin
                ? text.substring(0, begin) + block + text.substring(end + endMarker.length())
                : text + "\n" + block + "\n";
        Files.writeString(file, text);
    }

    private static <T> double median(List<T> items, ToDoubleFunction<T> value) {
        double[] sorted = items.stream().mapToDouble(value).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static <T> double min(List<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).min().orElse(0);
    }

    private static <T> double max(List<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).max().orElse(0);
    }

    private static String fmt0(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String fmt2(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
