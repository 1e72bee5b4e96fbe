package se.smartcitysweden.booking.notify;

import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.coordinatorLanguage;
import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.required;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import se.smartcitysweden.booking.aws.lambda.FunctionClock;
import java.util.Map;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.DynamoDbLimitCounter;
import se.smartcitysweden.booking.aws.DynamoDbNotificationStore;
import se.smartcitysweden.booking.aws.SecretsManagerSigningKey;
import se.smartcitysweden.booking.aws.DynamoDbMailLog;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.lambda.StreamEvents;
import se.smartcitysweden.booking.aws.priming.AnsweredLocally;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.aws.priming.SesPriming;
import se.smartcitysweden.booking.limits.Limits;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.NotificationService;
import se.smartcitysweden.booking.notification.PrivacyNotice;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.observability.Rehearsal;
import se.smartcitysweden.booking.port.Mailbox;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Fed by the booking table's stream (new bookings only, by the template's filter): e-mails each
 * new booking to its node's coordinators and acknowledges it to the visitor. Returns the records
 * that must be retried, so Lambda retries those and not the whole batch. A stream handler: the
 * batch is read and the answer written with the function's own Jackson ({@link StreamEvents}), so
 * Lambda's runtime does not set up its event serializer at a cold start (BENCHMARKS.md).
 */
public final class NotifyCoordinatorHandler implements RequestStreamHandler {
    private final NewBookingRecords records;

    public NotifyCoordinatorHandler() {
        this(System.getenv());
    }

    /** Builds the function from an environment such as Lambda gives it (the local runtime passes the template's). */
    public NotifyCoordinatorHandler(Map<String, String> env) {
        this(env, AwsClients.dynamoDb(env), SesMailSender.defaultClient(SesMailSender.Budget.BACKGROUND, env),
                SecretsManagerSigningKey.signer(SecretsManagerSigningKey.defaultClient(env), required(env, "LINK_SECRET_ID")));
    }

    private NotifyCoordinatorHandler(Map<String, String> env, DynamoDbClient dynamoDb, SesV2Client ses, LinkSigner signer) {
        this(service(env, dynamoDb, ses, signer));
        priming(env, dynamoDb, ses, signer).register();
    }

    NotifyCoordinatorHandler(NotificationService service) {
        this.records = new NewBookingRecords(service);
    }

    /** Lambda's entry (the Runtime API's JSON in and out). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        StreamEvents.write(handleRequest(StreamEvents.read(input), context), output);
    }

    /** The same with the batch as an object (the tests' entry). */
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        try (LogContext.Scope invocation = LogContext.begin(context == null ? null : context.getAwsRequestId(), LogContext.traceHeader())) {
            return records.process(event);
        }
    }

    static NotificationService service(Map<String, String> env, DynamoDbClient dynamoDb, SesV2Client ses, LinkSigner signer) {
        return new NotificationService(new DynamoDbNotificationStore(dynamoDb, required(env, "TABLE_NAME")),
                DynamoDbMailLog.recording(new SesMailSender(ses, env.get("SES_CONFIGURATION_SET")), dynamoDb, required(env, "TABLE_NAME"),
                        FunctionClock.of(env)),
                mails(env, signer), FunctionClock.of(env),
                Limits.acknowledgementsPerAddress(env).isPresent() ? new DynamoDbLimitCounter(dynamoDb, required(env, "TABLE_NAME")) : null,
                Limits.acknowledgementsPerAddress(env).orElse(null));
    }

    /** The dry run SnapStart runs before its snapshot: the same mails, signer and clients as the function. */
    static Priming priming(Map<String, String> env, DynamoDbClient dynamoDb, SesV2Client ses, LinkSigner signer) {
        return NotifyPriming.of(dynamoDb, required(env, "TABLE_NAME"), ses, required(env, "SENDER_ADDRESS"), mails(env, signer),
                signer, (event, answer) -> {
                    // Built when priming runs (before the snapshot), not at init.
                    try (DynamoDbClient dryDynamoDb = AnsweredLocally.dynamoDb("{}");
                         SesV2Client drySes = SesPriming.clientAnsweredLocally(SesMailSender.Budget.BACKGROUND)) {
                        NotifyCoordinatorHandler rehearsed = new NotifyCoordinatorHandler(service(env, dryDynamoDb, drySes, signer));
                        // Nothing is sent, so nothing is logged or counted.
                        Rehearsal.run(() -> rehearsed.handleRequest(event, answer, null));
                    }
                });
    }

    private static BookingMails mails(Map<String, String> env, LinkSigner signer) {
        BookingLinks links = new BookingLinks(required(env, "PUBLIC_BASE_URL"), signer);
        return new BookingMails(
                Mailbox.sender(required(env, "SENDER_ADDRESS")),
                CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY")), links,
                coordinatorLanguage(env),
                PrivacyNotice.fromEnvironment(env, links));
    }
}
