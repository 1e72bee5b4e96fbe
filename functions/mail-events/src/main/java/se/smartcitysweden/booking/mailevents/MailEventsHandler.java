package se.smartcitysweden.booking.mailevents;

import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.coordinatorLanguage;
import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.required;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.SecretsManagerSigningKey;
import se.smartcitysweden.booking.aws.DynamoDbMailLog;
import se.smartcitysweden.booking.aws.lambda.FunctionClock;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.delivery.MailDeliveryService;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.PrivacyNotice;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.port.Mailbox;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Fed by EventBridge with SES's bounce and complaint events for the stack's configuration set
 * (asynchronous invocation): marks the booking and tells its node (see {@link MailDeliveryService}).
 * An event that cannot be handled now, or is not a valid SES event, fails the invocation, so
 * Lambda retries it and then parks it in the failure queue, where an alarm points at it.
 * The event is read with the function's own Jackson, not Lambda's serializer (cold start).
 */
public final class MailEventsHandler implements RequestStreamHandler {
    private final MailDeliveryService service;

    public MailEventsHandler() {
        this(System.getenv());
    }

    public MailEventsHandler(Map<String, String> env) {
        this(env, AwsClients.dynamoDb(env), SesMailSender.clientOnFirstUse(SesMailSender.Budget.BACKGROUND, env),
                SecretsManagerSigningKey.signer(SecretsManagerSigningKey.defaultClient(env), required(env, "LINK_SECRET_ID")));
    }

    private MailEventsHandler(Map<String, String> env, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses, LinkSigner signer) {
        this(service(env, dynamoDb, ses, signer));
        priming(env, dynamoDb, ses, signer).register();
    }

    MailEventsHandler(MailDeliveryService service) {
        this.service = service;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext.Scope invocation = LogContext.begin(context == null ? null : context.getAwsRequestId(), LogContext.traceHeader())) {
            handle(input, output);
        }
    }

    private void handle(InputStream input, OutputStream output) throws IOException {
        SesEvents.Parsed parsed;
        try {
            parsed = SesEvents.parse(Json.MAPPER.readTree(input));
        } catch (IOException e) {
            parsed = new SesEvents.Parsed(null, "the event is not JSON");
        }
        if (parsed.error() != null) {
            Log.error("mail-events.bad_event").field("error", parsed.error()).write();
            throw new IllegalArgumentException("not an SES bounce or complaint event: " + parsed.error());
        }
        MailDeliveryService.Result result = service.handle(parsed.problem());
        if (result == MailDeliveryService.Result.NOTICE_DELAYED) {
            // Failing the invocation makes Lambda deliver the event again (then park it).
            throw new IllegalStateException("the coordinators' e-mail could not be sent now");
        }
        output.write(("{\"result\":\"" + result.name().toLowerCase() + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static MailDeliveryService service(Map<String, String> env, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses, LinkSigner signer) {
        PersonalData personalData = PersonalData.fromEnv(env);
        return new MailDeliveryService(new DynamoDbBookingCaseRepository(dynamoDb, required(env, "TABLE_NAME"), personalData),
                new FollowUpPlan(WorkingDays.sweden(), personalData), mails(env, signer),
                DynamoDbMailLog.recording(new SesMailSender(ses, env.get("SES_CONFIGURATION_SET")), dynamoDb, required(env, "TABLE_NAME"),
                        FunctionClock.of(env)),
                new DynamoDbMailLog(dynamoDb, required(env, "TABLE_NAME")));
    }

    /** The dry run SnapStart runs before its snapshot: the function's mails, signer and clients. */
    static Priming priming(Map<String, String> env, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses, LinkSigner signer) {
        return MailEventsPriming.of(dynamoDb, required(env, "TABLE_NAME"), ses, required(env, "SENDER_ADDRESS"),
                env.get("SES_CONFIGURATION_SET"), mails(env, signer), signer);
    }

    private static CaseMails mails(Map<String, String> env, LinkSigner signer) {
        BookingLinks links = new BookingLinks(required(env, "PUBLIC_BASE_URL"), signer);
        return new CaseMails(Mailbox.sender(required(env, "SENDER_ADDRESS")),
                CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY")), links,
                coordinatorLanguage(env),
                PrivacyNotice.fromEnvironment(env, links));
    }
}
