package se.smartcitysweden.booking.localruntime;

import java.io.IOException;
import java.io.PrintStream;
import java.net.BindException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import se.smartcitysweden.booking.limits.Limits;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.FaultInjectingProxy;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalIam;
import se.smartcitysweden.booking.localaws.LocalResources;
import se.smartcitysweden.booking.localaws.MotoServer;

/**
 * The local equivalent of {@code sam local start-api} and {@code sam local start-lambda}, in one
 * JVM: creates the resources {@code template.yaml} declares in the AWS emulator, then serves the
 * template's HTTP API on :3000 and Lambda's Invoke API on :3001, running each function's handler
 * in this JVM as Lambda's Java runtime would.
 *
 * <p>The functions build their AWS clients the SDK way, from the process environment
 * ({@code AWS_ENDPOINT_URL}, {@code AWS_REGION}, credentials), so the runtime is started with those
 * set: {@code local-runtime/run.sh} (or {@code make run}) does it.
 *
 * <p>Later event sources (the table's stream poller, the schedule) and local pages are added in
 * {@link #start(Settings, PrintStream)}: they find functions in {@link #functions()}, register pages
 * with {@link HttpApiServer#register} and are closed with the runtime through {@link #closeWithRuntime}.
 */
public final class LocalRuntime implements AutoCloseable {
    public static final String STACK_NAME = "visit-booking-local";
    /**
     * The template parameters of the public form's limits as the local runtime sets them unless
     * PARAMETER_OVERRIDES gives them ({@code PARAMETER_OVERRIDES=BookingsPerSourcePerHour=10 make run}
     * shows the 429): off, since every request here comes from one machine, and the tests and
     * benchmarks book hundreds of visits for a few addresses.
     */
    static final Map<String, String> LOCAL_LIMITS = Map.of(
            "BookingsPerSourcePerHour", Limits.OFF,
            "AcknowledgementsPerAddressPerDay", Limits.OFF);
    /**
     * The local runtime's CoordinatorDirectory unless PARAMETER_OVERRIDES gives one: the template's placeholder
     * addresses with names (and a second coordinator in Umeå), so the history, the console and the manage page's
     * "who are you?" name people as they would in prod; and a usual visit (meeting place, map link, host, hours) for
     * Umeå and Malmö, so a confirmation played locally shows a whole visit plan. Only here: the template's Default
     * stays the placeholder its prod Rule refuses. Borlänge asks {@value #LOCAL_NOTICE_DAYS} days' notice, so that the
     * form's and the submit function's "too soon" can be tried (and tested) locally.
     */
    static final int LOCAL_NOTICE_DAYS = 10;
    static final String LOCAL_DIRECTORY = """
            {"nodes": {"stockholm": [{"email": "stockholm@example.org", "name": "Sara Holm"}],
              "goteborg": [{"email": "goteborg@example.org", "name": "Gustav Berg"}],
              "malmo": {"coordinators": [{"email": "malmo@example.org", "name": "Maja Lund"}],
                "visits": {"meetingPlace": "Malmö stadshus, August Palms plats 1, Malmö",
                "mapUrl": "https://www.openstreetmap.org/search?query=August%20Palms%20plats%201%20Malm%C3%B6",
                "host": {"name": "Johan Berg", "phone": "+46 40 34 10 00", "email": "malmo@example.org"},
                "dayStart": "09:00", "dayEnd": "15:00"}},
              "borlange": {"coordinators": [{"email": "borlange@example.org", "name": "Britt Dahl"}],
                "visits": {"minimumNoticeDays": NOTICE}},
              "linkoping": [{"email": "linkoping@example.org", "name": "Linus Ek"}],
              "umea": {"coordinators": [{"email": "umea@example.org", "name": "Ulla Nord"},
                  {"email": "umea-2@example.org", "name": "Erik Strand"}],
                "visits": {"meetingPlace": "Väven, Storgatan 46A, 903 26 Umeå",
                "mapUrl": "https://www.openstreetmap.org/search?query=Storgatan%2046A%20Ume%C3%A5",
                "host": {"name": "Anna Lindqvist", "phone": "+46 90 16 10 00", "email": "umea@example.org"},
                "dayStart": "09:30", "dayEnd": "16:00"}}},
             "nationalOffice": [{"email": "national-office@example.org", "name": "Nina Sand"}],
             "copyNationalOffice": "all"}""".replace("NOTICE", Integer.toString(LOCAL_NOTICE_DAYS)).replaceAll("\\s*\\n\\s*", " ");
    /** Printed once everything serves; tests wait for it. */
    public static final String READY = "Local runtime ready";
    static final List<String> REQUIRED_ENVIRONMENT =
            List.of("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION");

    /**
     * How to run.
     *
     * @param endpoint            the AWS emulator (moto_server, LocalStack)
     * @param webRoot             folder served at {@code /} for paths no route matches
     * @param apiPort             HTTP API port (0: a free one)
     * @param lambdaPort          Invoke API port (0: a free one)
     * @param parameterOverrides  template parameters ({@code SiteOrigins=...})
     * @param functionEnvironment variables passed to every function besides the template's (the AWS settings)
     */
    public record Settings(URI endpoint, String region, Path templateFile, Path webRoot, String bindHost,
                           int apiPort, int lambdaPort, Map<String, String> parameterOverrides,
                           Map<String, String> functionEnvironment, boolean schedulesFire) {

        /** With the schedules firing on their own. */
        public Settings(URI endpoint, String region, Path templateFile, Path webRoot, String bindHost, int apiPort,
                        int lambdaPort, Map<String, String> parameterOverrides, Map<String, String> functionEnvironment) {
            this(endpoint, region, templateFile, webRoot, bindHost, apiPort, lambdaPort, parameterOverrides,
                    functionEnvironment, true);
        }

        /**
         * From the environment: AWS_ENDPOINT_URL, AWS_REGION, API_PORT, LAMBDA_PORT, BIND_HOST, LOCAL_TEMPLATE,
         * LOCAL_WEB_ROOT, PARAMETER_OVERRIDES, LOCAL_SCHEDULE ({@code off}: schedules fire only when triggered).
         */
        public static Settings fromEnvironment(Map<String, String> environment) {
            Path template = present(environment.get("LOCAL_TEMPLATE"))
                    ? Path.of(environment.get("LOCAL_TEMPLATE")).toAbsolutePath() : CloudFormationTemplate.locate();
            Path web = present(environment.get("LOCAL_WEB_ROOT"))
                    ? Path.of(environment.get("LOCAL_WEB_ROOT")) : template.getParent().resolve("web");
            Map<String, String> passed = new LinkedHashMap<>();
            environment.forEach((name, value) -> {
                if (name.equals("AWS_ENDPOINT_URL") || name.startsWith("AWS_ENDPOINT_URL_") || name.equals("AWS_REGION")
                        || name.equals("AWS_DEFAULT_REGION") || name.equals("AWS_ACCESS_KEY_ID")
                        || name.equals("AWS_SECRET_ACCESS_KEY") || name.equals("AWS_SESSION_TOKEN")) {
                    passed.put(name, value);
                }
            });
            return new Settings(URI.create(environment.get("AWS_ENDPOINT_URL")),
                    present(environment.get("AWS_REGION")) ? environment.get("AWS_REGION") : "eu-north-1",
                    template, web, environment.getOrDefault("BIND_HOST", "127.0.0.1"),
                    port(environment, "API_PORT", 3000), port(environment, "LAMBDA_PORT", 3001),
                    LocalRuntime.parameterOverrides(environment.getOrDefault("PARAMETER_OVERRIDES", "")), passed,
                    !environment.getOrDefault("LOCAL_SCHEDULE", "on").strip().equalsIgnoreCase("off"));
        }
    }

    private final CloudFormationTemplate template;
    private final LocalAwsClients clients;
    private final FunctionRegistry functions;
    private final HttpApiServer httpApi;
    private final InvokeApiServer invokeApi;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final List<StreamEventSource> streams = new ArrayList<>();
    private final List<ScheduleEventSource> schedules = new ArrayList<>();
    private final List<EventBridgeRuleSource> eventBridgeRules = new ArrayList<>();
    private MailboxPages mailbox;
    private SesEventDestination sesEvents;
    private ClockPage clockPage;
    private boolean closed;

    private LocalRuntime(CloudFormationTemplate template, LocalAwsClients clients, FunctionRegistry functions,
                         HttpApiServer httpApi, InvokeApiServer invokeApi) {
        this.template = template;
        this.clients = clients;
        this.functions = functions;
        this.httpApi = httpApi;
        this.invokeApi = invokeApi;
        closeables.push(functions);
        closeables.push(invokeApi);
        closeables.push(httpApi);
    }

    /** Creates the template's resources in the emulator and starts serving; prints what it does. */
    public static LocalRuntime start(Settings settings, PrintStream console) throws IOException {
        if (!settings.region().equals(LocalAwsClients.REGION.id())) {
            throw new IllegalStateException("AWS_REGION is " + settings.region() + " but local-aws creates the "
                    + "resources in " + LocalAwsClients.REGION.id() + "; run with AWS_REGION=" + LocalAwsClients.REGION.id());
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        // Only parameters the template has (a test's own template may have neither).
        LOCAL_LIMITS.forEach((name, value) -> { if (declares(settings.templateFile(), name)) parameters.put(name, value); });
        if (declares(settings.templateFile(), "CoordinatorDirectory")) parameters.put("CoordinatorDirectory", LOCAL_DIRECTORY);
        parameters.putAll(settings.parameterOverrides());
        CloudFormationTemplate template = CloudFormationTemplate.load(settings.templateFile(), STACK_NAME,
                settings.region(), settings.endpoint().toString(), parameters);
        LocalAwsClients clients = new LocalAwsClients(settings.endpoint());
        console.println("Template: " + settings.templateFile());
        List<String> created = new ArrayList<>();
        if (LocalIam.wanted(System.getenv()) && LocalIam.canEnforce(settings.endpoint())) {
            Map<String, String> roles = LocalIam.enforce(template, settings.endpoint(),
                    () -> created.addAll(new LocalResources(template, clients).createAll()));
            roles.forEach((function, role) -> created.add("IAM role " + role + " (" + function + "'s Policies; the emulator checks every call)"));
        } else {
            created.addAll(new LocalResources(template, clients).createAll());
            created.add("IAM: not checked (" + (LocalIam.wanted(System.getenv()) ? "the emulator is not moto_server" : "LOCAL_IAM=off")
                    + "): every function may do everything");
        }
        for (String line : created) console.println("  " + line);

        // The simulated time every function reads (FunctionClock): an offset in a file, set at /_local/clock.
        Path clockFile = java.nio.file.Files.createTempFile("local-clock-", ".txt");
        clockFile.toFile().deleteOnExit();
        se.smartcitysweden.booking.aws.lambda.FunctionClock.write(clockFile, java.time.Duration.ZERO);
        Map<String, String> functionEnvironment = new LinkedHashMap<>(settings.functionEnvironment());
        functionEnvironment.put(se.smartcitysweden.booking.aws.lambda.FunctionClock.VARIABLE, clockFile.toString());
        FunctionRegistry functions = FunctionRegistry.fromTemplate(template, functionEnvironment,
                LocalRuntime.class.getClassLoader(), console);
        HttpApiRoutes routes = HttpApiRoutes.fromTemplate(template, functions, console);
        InetAddress bind = InetAddress.getByName(settings.bindHost());
        StaticFiles web = new StaticFiles(settings.webRoot());
        HttpApiServer httpApi = null;
        InvokeApiServer invokeApi = null;
        try {
            httpApi = new HttpApiServer(bind(bind, settings.apiPort(), "API_PORT"), routes,
                    web.exists() ? web : null, console);
            invokeApi = new InvokeApiServer(bind(bind, settings.lambdaPort(), "LAMBDA_PORT"), functions, console);
        } catch (IOException | RuntimeException e) {
            if (httpApi != null) httpApi.close();
            functions.close();
            throw e;
        }
        LocalRuntime runtime = new LocalRuntime(template, clients, functions, httpApi, invokeApi);
        runtime.clockPage = new ClockPage(clockFile);
        try {
            runtime.startEventSources(settings, console);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        httpApi.start();
        invokeApi.start();
        runtime.streams.forEach(StreamEventSource::start);
        if (settings.schedulesFire()) {
            runtime.schedules.stream().filter(s -> s.settings().enabled() && s.function().problem().isEmpty())
                    .forEach(ScheduleEventSource::start);
        }
        runtime.printSummary(console, settings, web);
        return runtime;
    }

    /**
     * The local pages and the template's event sources besides the HTTP API: the mailbox, a stream
     * poller per {@code DynamoDB} event, a scheduler per {@code ScheduleV2} event (started by the caller).
     */
    private void startEventSources(Settings settings, PrintStream console) {
        LocalQueues queues = new LocalQueues(clients);
        closeWithRuntime(queues);
        mailbox = new MailboxPages(settings.endpoint(), java.time.ZoneId.systemDefault());
        closeWithRuntime(mailbox);
        httpApi.register(MailboxPages.PATH, mailbox);
        java.time.Clock clock = java.time.Clock.systemUTC();
        if (clockPage != null) {
            httpApi.register(ClockPage.PATH, clockPage);
            mailbox.clock(clockPage);
            clock = clockPage.clock();
        }
        httpApi.register(GalleryPages.PATH, new GalleryPages());
        if (declares(settings.templateFile(), "CoordinatorDirectory")) {
            httpApi.register(FormRulesFile.PATH, new FormRulesFile(settings.webRoot(), template.parameter("CoordinatorDirectory")));
        }

        for (LocalFunction function : functions.all()) {
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> event : function.events("DynamoDB").entrySet()) {
                String name = function.logicalId() + "." + event.getKey();
                try {
                    StreamEventSource.Settings stream = StreamEventSource.Settings.fromEvent(template,
                            function.logicalId(), event.getKey(), event.getValue());
                    if (!stream.enabled()) {
                        console.println("Stream event " + name + " is disabled (Enabled: false)");
                        continue;
                    }
                    if (function.problem().isPresent()) {
                        console.println("WARNING: stream event " + name + " not polled: " + function.problem().get());
                        continue;
                    }
                    StreamEventSource source = new StreamEventSource(stream, function, clients, queues,
                            template.region(), console);
                    closeWithRuntime(source);
                    streams.add(source);
                } catch (RuntimeException e) {
                    console.println("WARNING: stream event " + name + " cannot run locally: " + e.getMessage());
                }
            }
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> event : function.events("ScheduleV2").entrySet()) {
                String name = function.logicalId() + "." + event.getKey();
                try {
                    ScheduleEventSource.Settings schedule = ScheduleEventSource.Settings.fromEvent(template,
                            function.logicalId(), event.getKey(), event.getValue());
                    ScheduleEventSource source = new ScheduleEventSource(schedule, function, queues, clock, console);
                    closeWithRuntime(source);
                    schedules.add(source);
                } catch (RuntimeException e) {
                    console.println("WARNING: schedule " + name + " cannot run locally: " + e.getMessage());
                }
            }
            for (Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> event : function.events("EventBridgeRule").entrySet()) {
                String name = function.logicalId() + "." + event.getKey();
                if (function.problem().isPresent()) {
                    console.println("WARNING: EventBridge rule " + name + " not served: " + function.problem().get());
                    continue;
                }
                try {
                    eventBridgeRules.add(new EventBridgeRuleSource(template, function, event.getKey(), event.getValue(), queues, console));
                } catch (RuntimeException e) {
                    console.println("WARNING: EventBridge rule " + name + " cannot run locally: " + e.getMessage());
                }
            }
            if (!function.events("Schedule").isEmpty()) {
                console.println("WARNING: " + function.logicalId() + " has Schedule (EventBridge rule) events; the local "
                        + "runtime fires only ScheduleV2 (EventBridge Scheduler) events");
            }
        }
        httpApi.register(ScheduleTrigger.PATH, new ScheduleTrigger(List.copyOf(schedules), clock));
        sesEvents = new SesEventDestination(eventBridgeRules, template.region(), clock);
        httpApi.register(SesEventDestination.PATH, sesEvents);
        mailbox.offerEvents(sesEvents);
    }

    /** The stream pollers (one per {@code DynamoDB} event of a function that can run). */
    public List<StreamEventSource> streams() { return List.copyOf(streams); }

    /**
     * The stream mappings read right after each DynamoDB write of the functions (all of which pass {@code writes}),
     * and otherwise every {@value StreamEventSource#POLL_MILLIS_AFTER_WRITES} ms, for writes from elsewhere (the
     * aws CLI's, a test's). The same records in the same order; an idle runtime's reads that find nothing, most of
     * its calls to the emulator, become a quarter.
     */
    void readStreamsAfterWrites(FaultInjectingProxy writes) {
        readStreamsAfterWrites(writes, StreamEventSource.POLL_MILLIS_AFTER_WRITES);
    }

    void readStreamsAfterWrites(FaultInjectingProxy writes, long idleMillis) {
        streams.forEach(stream -> stream.readAfterWrites(idleMillis));
        writes.afterDynamoDbWrites(() -> streams.forEach(StreamEventSource::wake));
    }

    /** SES's event destination: bounces and complaints of the messages sent through it, to the EventBridge rules. */
    SesEventDestination sesEvents() { return sesEvents; }

    /** The schedules (one per {@code ScheduleV2} event). */
    public List<ScheduleEventSource> schedules() { return List.copyOf(schedules); }

    public CloudFormationTemplate template() { return template; }

    public LocalAwsClients clients() { return clients; }

    public FunctionRegistry functions() { return functions; }

    public HttpApiServer httpApi() { return httpApi; }

    public InvokeApiServer invokeApi() { return invokeApi; }

    /** Closes {@code resource} when the runtime closes (in reverse order of registration). */
    public synchronized void closeWithRuntime(AutoCloseable resource) {
        closeables.push(resource);
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
        }
    }

    private void printSummary(PrintStream console, Settings settings, StaticFiles web) {
        console.println();
        console.println("Functions (built on first use):");
        for (LocalFunction function : functions.all()) {
            LocalFunction.Definition definition = function.definition();
            console.printf("  %s  %s  (%s, %d s, %d MB)%n", definition.logicalId(), definition.handler(),
                    definition.runtime(), definition.timeoutSeconds(), definition.memoryMb());
            function.problem().ifPresent(problem -> console.println("    WARNING: cannot run: " + problem));
        }
        console.println();
        console.println("HTTP API on " + httpApi.url() + " :");
        for (HttpApiRoutes.Route route : httpApi.routes().routes()) {
            console.printf("  %-7s %s%s -> %s%n", route.method(), httpApi.url(),
                    route.path().equals(HttpApiRoutes.DEFAULT_ROUTE) ? "/* ($default)" : route.path(),
                    route.function().logicalId());
        }
        console.println(web.exists() ? "  static files of " + web.root() + " at " + httpApi.url() + "/"
                : "  (no " + web.root() + " folder: no static files)");
        console.println();
        console.println("Local mailbox (the e-mails the local SES accepted): " + httpApi.url() + MailboxPages.PATH);
        console.println("Gallery (every kind of e-mail, in Swedish and English, from sample bookings): " + httpApi.url()
                + GalleryPages.PATH);
        Map<String, String> administrator = LocalIam.administratorVariables(settings.endpoint());
        if (!administrator.isEmpty()) {
            console.println("The emulator checks IAM; its local administrator for the aws CLI: export AWS_ACCESS_KEY_ID="
                    + administrator.get("AWS_ACCESS_KEY_ID") + " AWS_SECRET_ACCESS_KEY=" + administrator.get("AWS_SECRET_ACCESS_KEY"));
        }
        console.println();
        if (!streams.isEmpty()) {
            console.println("DynamoDB stream event sources (polled every " + StreamEventSource.POLL_MILLIS + " ms):");
            streams.forEach(stream -> console.println("  " + stream.describe()));
            console.println();
        }
        if (!eventBridgeRules.isEmpty()) {
            console.println("EventBridge rules (SES's bounces and complaints: the buttons in the local mailbox, or POST "
                    + httpApi.url() + SesEventDestination.PATH + "):");
            eventBridgeRules.forEach(rule -> console.println("  " + rule.describe()));
            console.println();
        }
        if (!schedules.isEmpty()) {
            console.println("Schedules (EventBridge Scheduler)" + (settings.schedulesFire() ? ""
                    : ": LOCAL_SCHEDULE=off, they fire only when triggered") + ":");
            for (ScheduleEventSource schedule : schedules) {
                console.println("  " + schedule.describe());
                console.println("    " + (schedule.function().problem().isPresent() ? "not firing: "
                        + schedule.function().problem().get() : schedule.describeNext()));
            }
            ScheduleEventSource first = schedules.get(0);
            console.println("  Fire one for any moment: curl -X POST '" + httpApi.url() + ScheduleTrigger.PATH + "/"
                    + first.function().logicalId() + "?at=2027-03-01T07:00:00%2B01:00'");
            console.println("  or through the Invoke API: aws lambda invoke --endpoint-url " + invokeApi.url()
                    + " --function-name " + first.function().logicalId() + " --payload '"
                    + first.payload(java.time.Instant.parse("2027-03-01T06:00:00Z"), "manual", 1)
                            .replace("2027-03-01T06:00:00Z", "2027-03-01T07:00:00+01:00") + "' out.json");
            console.println("  (" + httpApi.url() + ScheduleTrigger.PATH + " lists them; LOCAL_SCHEDULE=off stops "
                    + "them firing on their own)");
            console.println();
        }
        console.println("Lambda Invoke API on " + invokeApi.url() + " , for example:");
        String example = functions.all().isEmpty() ? "<LogicalId>" : functions.all().iterator().next().logicalId();
        console.println("  aws lambda invoke --endpoint-url " + invokeApi.url() + " --function-name " + example
                + " --payload file://events/<event>.json out.json");
        console.println("  (AWS CLI v2: add --cli-binary-format raw-in-base64-out; credentials test/test, region "
                + settings.region() + ")");
        console.println();
        console.println("AWS emulator: " + settings.endpoint() + " (stack " + STACK_NAME + ", region " + settings.region() + ")");
        console.println(READY + ". Press Ctrl+C to stop.");
        console.flush();
    }

    public static void main(String[] args) throws Exception {
        // FaultInjectingProxy passes the signed Host header on; HttpURLConnection reads this at its first use.
        System.setProperty("sun.net.http.allowRestrictedHeaders", "true");
        FaultInjectingProxy.noNagleDelay(); // for the proxy and the runtime's own HTTP servers alike
        Map<String, String> environment = System.getenv();
        List<String> missing = REQUIRED_ENVIRONMENT.stream().filter(name -> !present(environment.get(name))).toList();
        if (!missing.isEmpty()) {
            System.err.println("Not set: " + String.join(", ", missing) + ".");
            System.err.println(usage());
            System.exit(2);
        }
        Settings settings = Settings.fromEnvironment(environment);
        MotoServer moto = null;
        if (answers(settings.endpoint())) {
            System.out.println("Using the AWS emulator at " + settings.endpoint());
        } else if (isLoopback(settings.endpoint()) && settings.endpoint().getPort() > 0) {
            System.out.println("Nothing answers at " + settings.endpoint() + "; starting moto_server on port "
                    + settings.endpoint().getPort() + " ...");
            try {
                moto = MotoServer.start(settings.endpoint().getPort());
            } catch (IllegalStateException e) {
                System.err.println(e.getMessage());
                System.exit(1);
            }
            System.out.println("moto_server answers at " + moto.endpoint());
        } else {
            System.err.println("No AWS emulator answers at AWS_ENDPOINT_URL=" + settings.endpoint()
                    + ". Start it, or point AWS_ENDPOINT_URL at http://127.0.0.1:5000 to have moto_server started.");
            System.exit(1);
        }

        FaultInjectingProxy dynamoDbWrites = routeDynamoDbThroughWriteSerialiser(settings);
        FaultInjectingProxy sesSends = routeSesThroughEventDestination(settings);
        LocalRuntime runtime;
        try {
            runtime = start(settings, System.out);
        } catch (Exception e) {
            System.err.println("The local runtime could not start: " + e.getMessage());
            if (!(e instanceof IllegalStateException)) e.printStackTrace();
            dynamoDbWrites.close();
            sesSends.close();
            if (moto != null) moto.close();
            System.exit(1);
            return;
        }
        sesSends.observe(runtime.sesEvents()::record);
        runtime.readStreamsAfterWrites(dynamoDbWrites);
        System.out.println("The stream event sources read right after each DynamoDB write of the functions, and otherwise every "
                + StreamEventSource.POLL_MILLIS_AFTER_WRITES + " ms.");
        MotoServer startedMoto = moto;
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local runtime ...");
            runtime.close();
            dynamoDbWrites.close();
            sesSends.close();
            // The emulator last: the event sources stop reading from it first.
            if (startedMoto != null) startedMoto.close();
            stopped.countDown();
        }, "local-runtime-shutdown"));
        stopped.await();
    }

    /**
     * Points the functions' DynamoDB clients (this process's SDK clients built without an explicit
     * endpoint) at a proxy that sends DynamoDB's writes to the emulator one at a time: moto neither
     * serialises conditional writes across its threads nor keeps acknowledged writes when a
     * concurrent transaction is cancelled (see {@link FaultInjectingProxy#oneDynamoDbWriteAtATime}),
     * and a local load test must measure the system, not those races. Done here, once per process,
     * because the SDK reads the endpoint from a system property, which every client in the JVM shares.
     */
    static FaultInjectingProxy routeDynamoDbThroughWriteSerialiser(Settings settings) {
        String dynamoDb = settings.functionEnvironment().get("AWS_ENDPOINT_URL_DYNAMODB");
        FaultInjectingProxy proxy = FaultInjectingProxy.oneDynamoDbWriteAtATime(
                present(dynamoDb) ? URI.create(dynamoDb) : settings.endpoint());
        // The service's own system property comes first in the SDK's order (before AWS_ENDPOINT_URL[_DYNAMODB]).
        System.setProperty("aws.endpointUrlDynamoDb", proxy.endpoint().toString());
        System.out.println("The functions' DynamoDB writes reach the emulator one at a time, through " + proxy.endpoint());
        return proxy;
    }

    /**
     * Points the functions' SES clients at a proxy whose sends {@link SesEventDestination} reads: the
     * local SES keeps no tags, which a bounce or complaint event must carry (the booking's id).
     */
    static FaultInjectingProxy routeSesThroughEventDestination(Settings settings) {
        String ses = settings.functionEnvironment().get("AWS_ENDPOINT_URL_SESV2");
        FaultInjectingProxy proxy = new FaultInjectingProxy(present(ses) ? URI.create(ses) : settings.endpoint());
        System.setProperty("aws.endpointUrlSesV2", proxy.endpoint().toString());
        return proxy;
    }

    private static boolean declares(java.nio.file.Path templateFile, String parameter) {
        try {
            return java.nio.file.Files.readString(templateFile).contains("\n  " + parameter + ":");
        } catch (IOException e) {
            return false;
        }
    }

    static String usage() {
        return String.join(System.lineSeparator(),
                "The local runtime runs the functions in this JVM; their AWS clients read the emulator's",
                "endpoint and credentials from the environment. Run it with:",
                "  make run                 (or: local-runtime/run.sh)",
                "or set the environment yourself:",
                "  AWS_ENDPOINT_URL=http://127.0.0.1:5000 AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test \\",
                "  AWS_REGION=eu-north-1 java -cp ... " + LocalRuntime.class.getName(),
                "moto_server is started on that port when nothing answers there. Optional: API_PORT (3000),",
                "LAMBDA_PORT (3001), BIND_HOST (127.0.0.1), LOCAL_TEMPLATE, LOCAL_WEB_ROOT,",
                "PARAMETER_OVERRIDES=\"SiteOrigins=https://a.example,https://b.example ApiRateLimit=5\",",
                "LOCAL_SCHEDULE=off (schedules fire only when triggered at /_local/schedule).");
    }

    /** True when something answers HTTP at the endpoint (moto, LocalStack ...). */
    static boolean answers(URI endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) endpoint.resolve("/").toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(3000);
            connection.getResponseCode();
            connection.disconnect();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isLoopback(URI endpoint) {
        String host = endpoint.getHost();
        return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                || host.equals("::1"));
    }

    private static InetSocketAddress bind(InetAddress address, int port, String variable) throws IOException {
        InetSocketAddress socket = new InetSocketAddress(address, port);
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(socket);
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " is in use; stop what uses it or set " + variable);
        }
        return socket;
    }

    /** {@code Key=Value} pairs separated by spaces (a value may hold commas: CommaDelimitedList). */
    static Map<String, String> parameterOverrides(String text) {
        Map<String, String> overrides = new LinkedHashMap<>();
        for (String pair : text.trim().split("\\s+")) {
            if (pair.isEmpty()) continue;
            int equals = pair.indexOf('=');
            if (equals <= 0) throw new IllegalArgumentException("PARAMETER_OVERRIDES: expected Key=Value, got " + pair);
            overrides.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return overrides;
    }

    private static int port(Map<String, String> environment, String name, int fallback) {
        String value = environment.get(name);
        if (!present(value)) return fallback;
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number, not " + value);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
