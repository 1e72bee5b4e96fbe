package se.smartcitysweden.booking.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The write-serialising proxy in front of moto as installed, with the races moto has without it (moto_launcher.py
 * takes them out of the moto the other tests use; another emulator may have them).
 */
class FaultInjectingProxyIT {
    private static final LocalAws AWS = LocalAws.sharedAsInstalled();
    private static final int OPERATIONS = 300;

    @Test
    void givenPutsAndCancelledTransactionsAtOnce_whenWritesGoOneAtATime_thenEveryAcknowledgedPutIsStored() throws Exception {
        AWS.reset();
        String table = AWS.physicalName("BookingTable");
        try (FaultInjectingProxy proxy = FaultInjectingProxy.oneDynamoDbWriteAtATime(AWS.moto().endpoint());
             DynamoDbClient dynamoDb = client(proxy.endpoint())) {
            dynamoDb.putItem(request -> request.tableName(table).item(Map.of("pk", AttributeValue.fromS("TAKEN"))));
            ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
            ExecutorService threads = Executors.newFixedThreadPool(16);
            try {
                List<Future<?>> done = new java.util.ArrayList<>();
                for (int i = 0; i < OPERATIONS; i++) {
                    String pk = "ITEM#" + i;
                    boolean cancelled = i % 2 == 1;
                    done.add(threads.submit(() -> {
                        if (cancelled) {
                            // moto replaces the table with a copy when a transaction is cancelled.
                            try {
                                dynamoDb.transactWriteItems(request -> request.transactItems(item -> item.put(put -> put
                                        .tableName(table).item(Map.of("pk", AttributeValue.fromS("TAKEN")))
                                        .conditionExpression("attribute_not_exists(pk)"))));
                            } catch (TransactionCanceledException expected) {
                                // the condition failed, as it should
                            }
                        } else {
                            dynamoDb.putItem(request -> request.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk),
                                    "padding", AttributeValue.fromS("x".repeat(500)))));
                            acknowledged.add(pk);
                        }
                    }));
                }
                for (Future<?> future : done) future.get();
            } finally {
                threads.shutdownNow();
            }
            List<String> lost = acknowledged.stream().filter(pk -> !dynamoDb.getItem(request -> request.tableName(table)
                    .consistentRead(true).key(Map.of("pk", AttributeValue.fromS(pk)))).hasItem()).toList();
            assertEquals(OPERATIONS / 2, acknowledged.size());
            assertEquals(List.of(), lost, "acknowledged puts lost");
        }
    }

    private static DynamoDbClient client(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(LocalAwsClients.REGION)
                .credentialsProvider(AWS.clients().credentials())
                .httpClient(UrlConnectionHttpClient.create()).build();
    }
}
