package se.smartcitysweden.booking.notify;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.time.Clock;
import java.util.Map;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.DynamoDbNotificationStore;
import se.smartcitysweden.booking.aws.SecretsManagerSigningKey;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.Mailbox;
import se.smartcitysweden.booking.notification.NotificationService;
import se.smartcitysweden.booking.notification.PrivacyNotice;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Fed by the booking table's stream (new bookings only, by the template's filter): e-mails each
 * new booking to its node's coordinators and acknowledges it to the visitor. Returns the records
 * that must be retried, so Lambda retries those and not the whole batch.
 */
public final class NotifyCoordinatorHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final NewBookingRecords records;

    public NotifyCoordinatorHandler() {
        this(System.getenv());
    }

    /** Builds the function from an environment such as Lambda gives it (the local runtime passes the template's). */
    public NotifyCoordinatorHandler(Map<String, String> env) {
        this(service(env, AwsClients.dynamoDb()));
    }

    NotifyCoordinatorHandler(NotificationService service) {
        this.records = new NewBookingRecords(service);
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        return records.process(event);
    }

    static NotificationService service(Map<String, String> env, DynamoDbClient dynamoDb) {
        byte[] secret = SecretsManagerSigningKey.read(SecretsManagerSigningKey.defaultClient(), required(env, "LINK_SECRET_ID"));
        BookingLinks links = new BookingLinks(required(env, "PUBLIC_BASE_URL"), new LinkSigner(secret));
        BookingMails mails = new BookingMails(
                Mailbox.sender(required(env, "SENDER_ADDRESS")),
                CoordinatorDirectory.parse(required(env, "COORDINATOR_DIRECTORY")), links,
                Language.fromCode(env.getOrDefault("COORDINATOR_LANGUAGE", "sv")).orElse(Language.SV),
                PrivacyNotice.fromEnvironment(env, links));
        return new NotificationService(new DynamoDbNotificationStore(dynamoDb, required(env, "TABLE_NAME")),
                new SesMailSender(SesMailSender.defaultClient(SesMailSender.Budget.BACKGROUND), env.get("SES_CONFIGURATION_SET")), mails,
                Clock.systemUTC());
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) throw new IllegalStateException(name + " is not set");
        return value;
    }
}
