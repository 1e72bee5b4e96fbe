package se.smartcitysweden.booking.bench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.ContainerCredentialsEndpoint;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalResources;
import se.smartcitysweden.booking.localaws.MotoServer;
import se.smartcitysweden.booking.localaws.SampleEvents;
import se.smartcitysweden.booking.localruntime.FunctionRegistry;
import se.smartcitysweden.booking.localruntime.LocalFunction;

/**
 * How complete each function's SnapStart priming is (issue 11: first invocation ≤ 1.5 × a warm one).
 * Per function and run, one JVM ({@code PrimingProbe}) with the function's deployment jar and the
 * template's environment against moto: the handler built, its registered priming run as SnapStart
 * runs it before the snapshot, then one first and {@value #WARM} warm invocations of the sample
 * event (the same events as the runtime-client benchmark, fresh where a repeat would take another
 * path). The same again without priming, for comparison. Writes the table between the priming
 * markers of BENCHMARKS.md.
 */
public final class PrimingBenchmark {
    static final String BEGIN = "<!-- priming:begin (written by benchmarks/priming.sh; edits here are overwritten) -->";
    static final String END = "<!-- priming:end -->";
    static final int WARM = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * BENCH_JAVA_TOOL_OPTIONS: JVM flags added for a check, e.g. {@code -Xlog:class+load:file=/tmp/p/%p.log:uptime}
     * to see which classes the first invocation after priming still loads (PrimingProbe's markers).
     */
    private static final String CHECK_OPTIONS = System.getenv("BENCH_JAVA_TOOL_OPTIONS");

    private PrimingBenchmark() { }

    /** One JVM's numbers: wall times, and the invoking thread's CPU times (without the wait for the emulator). */
    record Run(int failedSteps, double primingMs, double firstMs, double warmMs, double firstCpuMs, double warmCpuMs) {
        double ratio() { return firstMs / warmMs; }
        double cpuRatio() { return firstCpuMs / warmCpuMs; }
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "3"));
        Path work = repo.resolve("benchmarks/target/bench-priming");
        ColdStartBenchmark.deleteTree(work);
        Files.createDirectories(work);
        Path harness = repo.resolve("benchmarks/target/benchmarks-harness.jar");
        Path serializer = repo.resolve("benchmarks/target/aws-lambda-java-serialization.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (MotoServer moto = MotoServer.start();
             ContainerCredentialsEndpoint credentials = ContainerCredentialsEndpoint.start()) {
            String endpoint = moto.endpoint().toString();
            CloudFormationTemplate template = CloudFormationTemplate.load(repo.resolve("template.yaml"),
                    RuntimeColdStartBenchmark.STACK, LocalAwsClients.REGION.id(), endpoint, Map.of());
            LocalAwsClients clients = new LocalAwsClients(moto.endpoint());
            new LocalResources(template, clients).createAll();
            String table = template.physicalName("BookingTable");
            JsonNode newBooking = JSON.readTree(SampleEvents.folder().resolve("dynamodb/new-booking.json").toFile());
            JsonNode sampleImage = newBooking.path("Records").path(0).path("dynamodb").path("NewImage");
            RuntimeColdStartBenchmark.store(clients, table, sampleImage);
            List<RuntimeColdStartBenchmark.Workload> workloads =
                    RuntimeColdStartBenchmark.workloads(clients, template, table, newBooking, sampleImage);
            FunctionRegistry registry = FunctionRegistry.fromTemplate(template, Map.of("AWS_ENDPOINT_URL", endpoint),
                    PrimingBenchmark.class.getClassLoader(), System.out);

            Map<String, List<Run>> primed = new LinkedHashMap<>();
            Map<String, List<Run>> unprimed = new LinkedHashMap<>();
            for (int round = 1; round <= runs; round++) {
                System.out.printf(Locale.ROOT, "Round %d/%d ...%n", round, runs);
                for (RuntimeColdStartBenchmark.Workload w : workloads) {
                    LocalFunction.Definition definition = registry.get(w.logicalId()).definition();
                    Path jar = repo.resolve("functions/" + w.module() + "/target/" + w.module() + "-lambda.jar");
                    Map<String, String> env = new LinkedHashMap<>(definition.environment());
                    env.putAll(credentials.environment());
                    for (boolean prime : new boolean[] {true, false}) {
                        List<String> command = new ArrayList<>(List.of(java, "-Dbench.prime=" + prime));
                        if (CHECK_OPTIONS != null) command.addAll(List.of(CHECK_OPTIONS.trim().split("\\s+")));
                        command.addAll(List.of("-cp", String.join(":", jar.toString(), harness.toString(), serializer.toString()),
                                "se.smartcitysweden.booking.bench.harness.PrimingProbe",
                                definition.handler().replaceAll("::.*", "")));
                        for (int i = 0; i <= WARM; i++) {
                            Path event = work.resolve(w.module() + "-" + i + ".json");
                            Files.write(event, w.events().get());
                            command.add(event.toString());
                        }
                        Run run = probe(command, env, work.resolve(w.module() + "-" + prime + "-" + round + ".log"), w);
                        (prime ? primed : unprimed).computeIfAbsent(w.module(), k -> new ArrayList<>()).add(run);
                    }
                }
            }
            String report = report(runs, primed, unprimed, template);
            System.out.println(report);
            ColdStartBenchmark.updateBenchmarksMd(repo.resolve("BENCHMARKS.md"), report, BEGIN, END);
            System.out.println("Written to " + repo.resolve("BENCHMARKS.md"));
        }
    }

    private static Run probe(List<String> command, Map<String, String> env, Path log, RuntimeColdStartBenchmark.Workload w)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only the function's environment, as Lambda gives it (no key variables of this machine).
        String path = builder.environment().get("PATH");
        builder.environment().clear();
        builder.environment().put("PATH", path);
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(w.module() + " did not finish; see " + log);
        }
        String line = null;
        String response = null;
        for (String l : Files.readAllLines(log)) {
            if (l.startsWith("PRIMING ")) line = l;
            if (l.startsWith("RESPONSE ")) response = l.substring("RESPONSE ".length());
        }
        if (line == null || response == null || !w.answered().test(JSON.readTree(response))) {
            throw new IllegalStateException(w.module() + " answered without " + w.expected() + "; see " + log);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String part : line.substring("PRIMING ".length()).split(" ")) {
            fields.put(part.substring(0, part.indexOf('=')), part.substring(part.indexOf('=') + 1));
        }
        double[] times = Arrays.stream(fields.get("times_ms").split(",")).mapToDouble(Double::parseDouble).toArray();
        double[] cpu = Arrays.stream(fields.get("cpu_ms").split(",")).mapToDouble(Double::parseDouble).toArray();
        return new Run(Integer.parseInt(fields.get("failed_steps")), Double.parseDouble(fields.get("priming_ms")),
                times[0], median(Arrays.copyOfRange(times, 1, times.length)), cpu[0], median(Arrays.copyOfRange(cpu, 1, cpu.length)));
    }

    private static String report(int runs, Map<String, List<Run>> primed, Map<String, List<Run>> unprimed,
                                 CloudFormationTemplate template) {
        StringBuilder out = new StringBuilder();
        out.append("| function | priming (ms) | failed steps | first after priming: wall (ms) | warm: wall (ms) | first / warm, wall "
                        + "| first: CPU (ms) | warm: CPU (ms) | first / warm, CPU | aim ≤ 1.5 (wall, CPU) | without priming: first / warm, wall, CPU |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|:--:|---:|\n");
        for (String module : primed.keySet()) {
            List<Run> p = primed.get(module);
            List<Run> u = unprimed.get(module);
            double ratio = median(p.stream().mapToDouble(Run::ratio).toArray());
            double cpuRatio = median(p.stream().mapToDouble(Run::cpuRatio).toArray());
            out.append(String.format(Locale.ROOT, "| %s | %.0f | %d | %.1f | %.1f | %.2f × | %.1f | %.1f | %.2f × | %s, %s | %.1f ×, %.1f × |%n",
                    module, median(p.stream().mapToDouble(Run::primingMs).toArray()),
                    p.stream().mapToInt(Run::failedSteps).max().orElse(-1),
                    median(p.stream().mapToDouble(Run::firstMs).toArray()),
                    median(p.stream().mapToDouble(Run::warmMs).toArray()), ratio,
                    median(p.stream().mapToDouble(Run::firstCpuMs).toArray()),
                    median(p.stream().mapToDouble(Run::warmCpuMs).toArray()), cpuRatio,
                    ratio <= 1.5 ? "met" : "**not met**", cpuRatio <= 1.5 ? "met" : "**not met**",
                    median(u.stream().mapToDouble(Run::ratio).toArray()), median(u.stream().mapToDouble(Run::cpuRatio).toArray())));
        }
        out.append(String.format(Locale.ROOT, "%nMedians of %d runs (one JVM each) per function and setting; warm is the median "
                + "of the %d invocations after the first; CPU is the invoking thread's (ThreadMXBean), so it leaves out the wait "
                + "for moto's answers, whose latency varies from call to call and grows with the table (submit's first "
                + "transaction of a JVM waited 95–196 ms on moto, its later ones 30–55 ms); load average %s.%n", runs, WARM, loadAverage()));
        return out.toString();
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ", 4)[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
