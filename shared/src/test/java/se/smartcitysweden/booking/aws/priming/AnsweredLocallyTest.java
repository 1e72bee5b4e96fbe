package se.smartcitysweden.booking.aws.priming;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.port.EmailMessage;
import se.smartcitysweden.booking.port.Mailbox;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Priming's HTTP client: the SDK's whole call runs, the answer is its own, and nothing is sent anywhere. */
class AnsweredLocallyTest {
    /** Nothing listens here: a call that left the process would fail. */
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");
    private static final StaticCredentialsProvider KEYS = StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s"));

    @Test
    void aDynamoDbWriteIsMarshalledSignedAndAnsweredWithoutAConnection() {
        try (DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(new AnsweredLocally("{}")).endpointOverride(NOWHERE)
                .region(Region.EU_NORTH_1).credentialsProvider(KEYS).build()) {
            var answer = dynamoDb.putItem(r -> r.tableName("bookings").item(Priming.sampleItem())
                    .conditionExpression("attribute_not_exists(pk)"));
            assertTrue(answer.attributes().isEmpty());
            var query = dynamoDb.query(r -> r.tableName("bookings").keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("x"))));
            assertEquals(0, query.items().size());
        }
    }

    @Test
    void aSesSendGoesThroughTheSendersWholePathAndReachesNoSes() throws Exception {
        try (SesV2Client ses = SesV2Client.builder().httpClient(new AnsweredLocally("{\"MessageId\":\"priming\"}"))
                .endpointOverride(NOWHERE).region(Region.EU_NORTH_1).credentialsProvider(KEYS).build()) {
            EmailMessage message = new EmailMessage(Mailbox.sender("bookings@example.org"), List.of(new Mailbox("Åsa", "a@example.org")),
                    List.of(), java.util.Optional.empty(), "Ämne", "text", "<p>html</p>", List.of(), Map.of("kind", "priming"));
            assertEquals("priming", new SesMailSender(ses, "config-set").send(message));
        }
    }
}
