package se.smartcitysweden.booking.followup;

import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.coordinatorLanguage;
import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.required;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import se.smartcitysweden.booking.aws.lambda.FunctionClock;
import java.util.Map;
import java.util.function.Supplier;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbLimitCounter;
import se.smartcitysweden.booking.aws.DynamoDbNotificationStore;
import se.smartcitysweden.booking.aws.SecretsManagerSigningKey;
import se.smartcitysweden.booking.aws.DynamoDbMailLog;
import se.smartcitysweden.booking.port.MailSender;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.limits.Limits;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.MailVisitorNotices;
import se.smartcitysweden.booking.notification.NotificationService;
import se.smartcitysweden.booking.notification.PrivacyNotice;
import se.smartcitysweden.booking.observability.Log;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.overview.NationalDigest;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.schedule.FollowUpService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Run by EventBridge Scheduler every working morning with {@code {"scheduledTime": "..."}}: the
 * scheduled time is the run's clock, so any moment can be replayed by invoking it by hand.
 * A stream handler: the input is read and the report written with the function's own Jackson, so
 * Lambda's runtime does not set up its serializer at a cold start (BENCHMARKS.md).
 */
public final class FollowUpHandler implements RequestStreamHandler {
    static final ObjectReader INPUT = Json.MAPPER.readerFor(new TypeReference<Map<String, Object>>() { });
    private final FollowUpService service;

    public FollowUpHandler() {
        this(System.getenv());
    }

    public FollowUpHandler(Map<String, String> env) {
        this(env, AwsClients.dynamoDb(env), SesMailSender.clientOnFirstUse(SesMailSender.Budget.BACKGROUND, env),
                SecretsManagerSigningKey.signer(SecretsManagerSigningKey.defaultClient(env), required(env, "LINK_SECRET_ID")));
    }

    private FollowUpHandler(Map<String, String> env, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses, LinkSigner signer) {
        this(service(env, dynamoDb, ses, signer));
        priming(env, dynamoDb, ses, signer).register();
    }

    FollowUpHandler(FollowUpService service) {
        this.service = service;
    }

    /** Lambda's entry (the Runtime API's JSON in and out); input that is not a JSON object is refused as bad input. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, Object> event;
        try {
            event = INPUT.readValue(input);
        } catch (IOException e) {
            event = null;
        }
        Json.MAPPER.writeValue(output, handleRequest(event, context));
    }

    /** The same with the input as a map (the tests' entry). */
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        try (LogContext.Scope invocation = LogContext.begin(context == null ? null : context.getAwsRequestId(), LogContext.traceHeader())) {
            return run(input);
        }
    }

    private Map<String, Object> run(Map<String, Object> input) {
        ScheduleInput.Parsed parsed = ScheduleInput.parse(input);
        if (parsed.error() != null) {
            // A malformed event cannot get better by retrying: refuse it, loudly, and do nothing.
            Log.error("follow-up.bad_input").field("error", parsed.error()).write();
            return Map.of("status", "rejected", "error", parsed.error());
        }
        FollowUpService.RunReport report = service.run(parsed.scheduledTime(), parsed.scope());
        Map<String, Object> result = Map.of("status", "done", "scheduledTime", report.at().toString(),
                "scope", parsed.scope().name().toLowerCase(), "workingDay", report.workingDay(), "dueCases", report.dueCases(), "tasksDone", report.tasksDone(),
                "tasksFailed", report.tasksFailed(), "digestSent", report.digestSent());
        Log.info("follow-up.run").field("scheduledTime", report.at().toString()).field("scope", result.get("scope"))
                .field("workingDay", report.workingDay()).field("dueCases", report.dueCases())
                .field("tasksDone", report.tasksDone()).field("tasksFailed", report.tasksFailed())
                .field("digestSent", report.digestSent()).write();
        if (report.tasksFailed() > 0) {
            // Failed sends are given back and retried by the scheduler's retry policy or the next run.
            throw new FollowUpIncompleteException(report.tasksFailed() + " follow-up e-mails could not be sent now");
        }
        return result;
    }

    /** Thrown so that EventBridge Scheduler retries the run (then parks it in the dead-letter queue). */
    static final class FollowUpIncompleteException extends RuntimeException {
        FollowUpIncompleteException(String message) {
            super(message);
        }
    }

    static FollowUpService service(Map<String, String> env, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses, LinkSigner signer) {
        String table = required(env, "TABLE_NAME");
        Mailbox sender = Mailbox.sender(required(env, "SENDER_ADDRESS"));
        CoordinatorDirectory directory = CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY"));
        BookingLinks links = new BookingLinks(required(env, "PUBLIC_BASE_URL"), signer)
                .withBookingForm(env.getOrDefault("BOOKING_FORM_URL", ""));
        Language language = coordinatorLanguage(env);
        MailSender mailSender = DynamoDbMailLog.recording(new SesMailSender(ses, env.get("SES_CONFIGURATION_SET")), dynamoDb, table,
                FunctionClock.of(env));
        PrivacyNotice privacy = PrivacyNotice.fromEnvironment(env, links);
        CaseMails caseMails = new CaseMails(sender, directory, links, language, privacy);
        PersonalData personalData = PersonalData.fromEnv(env);
        DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(dynamoDb, table, personalData);
        WorkingDays workingDays = WorkingDays.sweden();
        return new FollowUpService(cases, new FollowUpPlan(workingDays, personalData), workingDays, caseMails, mailSender,
                new NotificationService(new DynamoDbNotificationStore(dynamoDb, table), mailSender,
                        new BookingMails(sender, directory, links, language, privacy), FunctionClock.of(env),
                        // The safety net resends an acknowledgement under the same limit as the first send.
                        Limits.acknowledgementsPerAddress(env).isPresent() ? new DynamoDbLimitCounter(dynamoDb, table) : null,
                        Limits.acknowledgementsPerAddress(env).orElse(null)),
                new MailVisitorNotices(caseMails, mailSender), new NationalDigest(cases, caseMails));
    }

    /** The dry run SnapStart runs before its snapshot: the function's mails, working days, signer and clients. */
    static Priming priming(Map<String, String> env, DynamoDbClient dynamoDb, Supplier<SesV2Client> ses, LinkSigner signer) {
        BookingLinks links = new BookingLinks(required(env, "PUBLIC_BASE_URL"), signer)
                .withBookingForm(env.getOrDefault("BOOKING_FORM_URL", ""));
        CaseMails mails = new CaseMails(Mailbox.sender(required(env, "SENDER_ADDRESS")),
                CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY")), links, coordinatorLanguage(env),
                PrivacyNotice.fromEnvironment(env, links));
        return FollowUpPriming.of(dynamoDb, required(env, "TABLE_NAME"), ses, required(env, "SENDER_ADDRESS"),
                env.get("SES_CONFIGURATION_SET"), mails,
                WorkingDays.sweden(), signer);
    }
}
