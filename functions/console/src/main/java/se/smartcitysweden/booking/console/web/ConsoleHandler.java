package se.smartcitysweden.booking.console.web;

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
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.DynamoDbCalendarFeeds;
import se.smartcitysweden.booking.aws.DynamoDbConsoleStore;
import se.smartcitysweden.booking.port.CalendarFeeds;
import se.smartcitysweden.booking.aws.SecretsManagerSigningKey;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.lambda.HttpApiStreams;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.aws.lambda.HttpApiFunction;
import se.smartcitysweden.booking.console.BookingList;
import se.smartcitysweden.booking.console.ConsoleService;
import se.smartcitysweden.booking.console.ConsoleSessions;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.port.ConsoleStore;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.port.MailSender;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * The coordinators' console (HTTP API routes under {@code /console}): passwordless sign-in for
 * the addresses of the coordinator directory, and the bookings of the nodes one may see, each
 * opening the booking's manage page. A stream handler: the event is read and the answer written with
 * the function's own Jackson, so Lambda's runtime does not set up its serializer at a cold start
 * (BENCHMARKS.md).
 */
public final class ConsoleHandler implements RequestStreamHandler {
    private final HttpApiFunction http;
    private final SignInMail signInMail;
    private Priming priming;

    /** Lambda's entry: real clients, built once per container. */
    public ConsoleHandler() {
        this(System.getenv());
    }

    /** Builds the function from an environment such as Lambda gives it (the local runtime passes the template's). */
    public ConsoleHandler(Map<String, String> env) {
        this(env, AwsClients.dynamoDb(env), SesMailSender.clientOnFirstUse(SesMailSender.Budget.INTERACTIVE, env),
                SecretsManagerSigningKey.secret(SecretsManagerSigningKey.defaultClient(env), required(env, "LINK_SECRET_ID")));
        priming.register();
    }

    /**
     * The same with the clients and secret given (the priming test's entry). SES is built when the
     * first sign-in link is sent: the pages do not send, so they do not pay for the client.
     */
    ConsoleHandler(Map<String, String> env, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses, byte[] secret) {
        this(env, dynamoDb, ses, () -> secret);
    }

    private ConsoleHandler(Map<String, String> env, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses, Supplier<byte[]> secret) {
        this(new DynamoDbConsoleStore(dynamoDb, required(env, "TABLE_NAME"), required(env, "OVERVIEW_TABLE_NAME")),
                new DynamoDbCalendarFeeds(dynamoDb, required(env, "TABLE_NAME")), secret,
                CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY")),
                new SesMailSender(ses, env.get("SES_CONFIGURATION_SET")),
                Mailbox.sender(required(env, "SENDER_ADDRESS")), coordinatorLanguage(env), env.getOrDefault("PUBLIC_BASE_URL", ""),
                FunctionClock.of(env), ConsoleHttp.SIGN_IN_FLOOR);
        priming = ConsolePriming.of((event, answer) -> handleRequest(event, answer, null), signInMail, LinkSigner.readingSecretOnFirstUse(secret),
                dynamoDb, required(env, "TABLE_NAME"), ses, required(env, "SENDER_ADDRESS"), env.get("SES_CONFIGURATION_SET"));
    }

    /** The dry run SnapStart runs before its snapshot (built by the environment's constructors only). */
    Priming priming() {
        return priming;
    }

    /**
     * For tests: the ports, the secret, the directory, the coordinators' language, a clock and the
     * sign-in answer's floor (unit tests and the local gallery pass zero so as not to sleep; the IT checks the real one).
     */
    public ConsoleHandler(ConsoleStore store, byte[] secret, CoordinatorDirectory directory, MailSender sender, Mailbox from,
                   Language language, String publicBaseUrl, Clock clock, Duration signInFloor) {
        this(store, null, () -> secret, directory, sender, from, language, publicBaseUrl, clock, signInFloor);
    }

    /** For tests and the local gallery: the same with the nodes' calendar feeds. */
    public ConsoleHandler(ConsoleStore store, CalendarFeeds feeds, byte[] secret, CoordinatorDirectory directory, MailSender sender,
                          Mailbox from, Language language, String publicBaseUrl, Clock clock, Duration signInFloor) {
        this(store, feeds, () -> secret, directory, sender, from, language, publicBaseUrl, clock, signInFloor);
    }

    private ConsoleHandler(ConsoleStore store, CalendarFeeds feeds, Supplier<byte[]> secret, CoordinatorDirectory directory,
                           MailSender sender, Mailbox from, Language language, String publicBaseUrl, Clock clock, Duration signInFloor) {
        ConsoleWords words = new ConsoleWords(language);
        LinkSigner signer = LinkSigner.readingSecretOnFirstUse(secret);
        this.signInMail = new SignInMail(sender, from, words);
        ConsoleService service = new ConsoleService(store, new ConsoleSessions(secret), directory, signInMail, clock);
        ConsoleHttp.Links links = baseUrl -> new BookingLinks(baseUrl, signer);
        CalendarFeedPage feed = feeds == null ? null
                : new CalendarFeedPage(service, words, store, feeds, directory, from, links, publicBaseUrl);
        this.http = new HttpApiFunction(new ConsoleHttp(service, words, new BookingList(WorkingDays.sweden()),
                links, publicBaseUrl, signInFloor, feed).routes);
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
}
