package se.smartcitysweden.booking.manage;

import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.coordinatorLanguage;
import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.required;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import se.smartcitysweden.booking.aws.lambda.FunctionClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.BuiltOnFirstUse;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbLimitCounter;
import se.smartcitysweden.booking.aws.SecretsManagerSigningKey;
import se.smartcitysweden.booking.aws.DynamoDbMailLog;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.lambda.HttpApiStreams;
import se.smartcitysweden.booking.aws.priming.AnsweredLocally;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.aws.priming.SesPriming;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.aws.lambda.HttpApiFunction;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.console.ConsoleSessions;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.DirectoryStaff;
import se.smartcitysweden.booking.notification.MailSelfService;
import se.smartcitysweden.booking.notification.MailVisitorNotices;
import se.smartcitysweden.booking.notification.NewLinks;
import se.smartcitysweden.booking.notification.PrivacyNotice;
import se.smartcitysweden.booking.observability.Rehearsal;
import se.smartcitysweden.booking.port.BookingCaseRepository;
import se.smartcitysweden.booking.port.MailLog;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.selfservice.VisitorService;
import se.smartcitysweden.booking.workflow.CaseService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The links of the booking e-mails land here: the coordinator's manage page and actions
 * ({@code GET /bookings/{id}/manage}, {@code POST /bookings/{id}/actions}) and the visitor's
 * feedback page ({@code GET|POST /bookings/{id}/feedback}) and own page ({@code GET|POST /bookings/{id}/visit},
 * {@code GET /bookings/{id}/calendar}), through API Gateway (HTTP API).
 * A stream handler: the event is read and the answer written with the function's own Jackson, so
 * Lambda's runtime does not set up its serializer at a cold start (BENCHMARKS.md).
 */
public final class ManageBookingHandler implements RequestStreamHandler {
    /** Base URLs seen when PUBLIC_BASE_URL is empty are few (the API's own host); more are not kept. */
    private static final int MAX_CACHED_BASE_URLS = 8;
    private final HttpApiFunction http;
    private Priming priming;

    /** Lambda's entry: real clients, built once per container. */
    public ManageBookingHandler() {
        this(System.getenv());
    }

    /** Builds the function from an environment such as Lambda gives it (the local runtime passes the template's). */
    public ManageBookingHandler(Map<String, String> env) {
        this(env, SecretsManagerSigningKey.signer(SecretsManagerSigningKey.defaultClient(env), required(env, "LINK_SECRET_ID")),
                AwsClients.dynamoDb(env), SesMailSender.clientOnFirstUse(SesMailSender.Budget.INTERACTIVE, env));
        priming.register();
    }

    /**
     * The same with the signer and clients given (the priming test's entry). SES is built when a
     * mail is first sent: a page view does not send, so it does not pay for the client.
     */
    ManageBookingHandler(Map<String, String> env, LinkSigner signer, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses) {
        this(services(env, signer, dynamoDb, ses), env.getOrDefault("PUBLIC_BASE_URL", ""), coordinatorLanguage(env),
                contactAddress(env), FunctionClock.of(env));
        BookingLinks links = new BookingLinks(env.getOrDefault("PUBLIC_BASE_URL", ""), signer);
        priming = ManagePriming.of((event, answer) -> handleRequest(event, answer, null), signer, dynamoDb,
                required(env, "TABLE_NAME"), ses, required(env, "SENDER_ADDRESS"), env.get("SES_CONFIGURATION_SET"),
                new CaseMails(Mailbox.sender(required(env, "SENDER_ADDRESS")), CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY")),
                        links, coordinatorLanguage(env), PrivacyNotice.fromEnvironment(env, links)),
                (event, answer) -> {
                    // Built when priming runs (before the snapshot), not at init; every read answers the sample booking.
                    try (DynamoDbClient dryDynamoDb = AnsweredLocally.dynamoDb(Priming.sampleItemAnswer())) {
                        ManageBookingHandler rehearsed = new ManageBookingHandler(services(env, signer, dryDynamoDb,
                                BuiltOnFirstUse.of(() -> SesPriming.clientAnsweredLocally(SesMailSender.Budget.INTERACTIVE))),
                                env.getOrDefault("PUBLIC_BASE_URL", ""), coordinatorLanguage(env), contactAddress(env), Clock.systemUTC());
                        // Nothing is read for real, so nothing is logged or counted.
                        Rehearsal.run(() -> rehearsed.handleRequest(event, answer, null));
                    }
                });
    }

    /** The dry run SnapStart runs before its snapshot (built by the environment's constructors only). */
    Priming priming() {
        return priming;
    }

    /** For tests and the local gallery: the services (their links' base URL fixed), the coordinators' language and a clock. */
    public ManageBookingHandler(CaseService service, VisitorService visitors, Language coordinatorLanguage, Clock clock) {
        this(service, visitors, (NewLinks) null, coordinatorLanguage, clock); // these tests ask for no new link
    }

    /** For the local gallery: the same with the directory (the nodes' usual visits, which the confirm form starts from). */
    public ManageBookingHandler(CaseService service, VisitorService visitors, CoordinatorDirectory directory,
                                Language coordinatorLanguage, Clock clock) {
        this(baseUrl -> new ManageBookingHttp.ServiceSet(service, visitors, null, directory), "", coordinatorLanguage,
                "national@smartcitysweden.example", clock);
    }

    /** For tests: the same with new links for refused ones. */
    ManageBookingHandler(CaseService service, VisitorService visitors, NewLinks newLinks, Language coordinatorLanguage, Clock clock) {
        this(baseUrl -> new ManageBookingHttp.ServiceSet(service, visitors, newLinks), "", coordinatorLanguage,
                "national@smartcitysweden.example", clock);
    }

    private ManageBookingHandler(ManageBookingHttp.Services services, String publicBaseUrl, Language coordinatorLanguage,
                                 String contactAddress, Clock clock) {
        this.http = new HttpApiFunction(new ManageBookingHttp(services, publicBaseUrl, coordinatorLanguage, contactAddress, clock).routes);
    }

    /** The address a refused link's page names: the national office's, else the node mails' sender. */
    private static String contactAddress(Map<String, String> env) {
        CoordinatorDirectory directory = CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY"));
        return directory.nationalOffice().isEmpty() ? Mailbox.sender(required(env, "SENDER_ADDRESS")).address()
                : directory.nationalOffice().get(0).address();
    }

    /** Lambda's entry (the Runtime API's JSON in and out). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        http.handle(input, output, context);
    }

    /** The same with the event as an object (the tests' entry). */
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return http.handle(event, context);
    }

    private static ManageBookingHttp.Services services(Map<String, String> env, LinkSigner signer, DynamoDbClient dynamoDb,
                                                       Supplier<SesV2Client> ses) {
        BookingCaseRepository cases = new DynamoDbBookingCaseRepository(dynamoDb, required(env, "TABLE_NAME"),
                PersonalData.fromEnv(env));
        MailSender sender = DynamoDbMailLog.recording(new SesMailSender(ses, env.get("SES_CONFIGURATION_SET")), dynamoDb,
                required(env, "TABLE_NAME"), FunctionClock.of(env));
        MailLog mailLog = new DynamoDbMailLog(dynamoDb, required(env, "TABLE_NAME"));
        Mailbox from = Mailbox.sender(required(env, "SENDER_ADDRESS"));
        CoordinatorDirectory directory = CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY"));
        WorkingDays workingDays = WorkingDays.sweden();
        FollowUpPlan plan = new FollowUpPlan(workingDays, PersonalData.fromEnv(env));
        Language language = coordinatorLanguage(env);
        Clock clock = FunctionClock.of(env);
        Map<String, ManageBookingHttp.ServiceSet> byBaseUrl = new ConcurrentHashMap<>();
        return baseUrl -> {
            ManageBookingHttp.ServiceSet known = byBaseUrl.get(baseUrl);
            if (known != null) return known;
            BookingLinks links = new BookingLinks(baseUrl, signer);
            CaseMails mails = new CaseMails(from, directory, links, language, PrivacyNotice.fromEnvironment(env, links));
            CaseService service = new CaseService(cases, signer, plan, new MailVisitorNotices(mails, sender), clock,
                    new DirectoryStaff(directory, ConsoleSessions.derivedFrom(signer)::who), mailLog);
            ManageBookingHttp.ServiceSet set = new ManageBookingHttp.ServiceSet(service, new VisitorService(cases, service, plan,
                    workingDays, new MailSelfService(mails, sender), clock)
                    .withMinimumNotice(node -> directory.visitDefaults(node).minimumNoticeDays()),
                    new NewLinks(cases, mails, sender, new DynamoDbLimitCounter(dynamoDb, required(env, "TABLE_NAME")), clock),
                    directory);
            if (byBaseUrl.size() < MAX_CACHED_BASE_URLS) byBaseUrl.putIfAbsent(baseUrl, set);
            return set;
        };
    }
}
