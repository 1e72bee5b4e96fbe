package se.smartcitysweden.booking.localruntime;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends messages to the emulator's SQS queues named by ARN (or URL), as Lambda's on-failure
 * destinations and Scheduler's dead-letter queues do.
 */
final class LocalQueues implements AutoCloseable {
    private final LocalAwsClients clients;
    private final Map<String, String> urls = new ConcurrentHashMap<>();
    private volatile SqsClient sqs;

    LocalQueues(LocalAwsClients clients) {
        this.clients = clients;
    }

    /** The queue's name in an ARN ({@code arn:aws:sqs:region:account:name}) or a queue URL. */
    static String queueName(String arnOrUrl) {
        if (arnOrUrl.startsWith("arn:")) {
            String[] parts = arnOrUrl.split(":");
            if (parts.length != 6 || !parts[2].equals("sqs")) {
                throw new IllegalArgumentException("not an SQS queue ARN: " + arnOrUrl);
            }
            return parts[5];
        }
        if (arnOrUrl.startsWith("http://") || arnOrUrl.startsWith("https://")) {
            return arnOrUrl.substring(arnOrUrl.lastIndexOf('/') + 1);
        }
        throw new IllegalArgumentException("not an SQS queue ARN or URL: " + arnOrUrl);
    }

    /** Sends one message; returns its message id. */
    String send(String queueArn, String body, Map<String, String> attributes) {
        String url = urls.computeIfAbsent(queueArn, arn -> client().getQueueUrl(r -> r.queueName(queueName(arn))).queueUrl());
        Map<String, MessageAttributeValue> messageAttributes = new java.util.LinkedHashMap<>();
        attributes.forEach((name, value) -> messageAttributes.put(name,
                MessageAttributeValue.builder().dataType("String").stringValue(value).build()));
        return client().sendMessage(r -> r.queueUrl(url).messageBody(body).messageAttributes(messageAttributes))
                .messageId();
    }

    private SqsClient client() {
        SqsClient current = sqs;
        if (current == null) {
            synchronized (this) {
                if (sqs == null) sqs = clients.sqs();
                current = sqs;
            }
        }
        return current;
    }

    @Override
    public synchronized void close() {
        if (sqs != null) sqs.close();
    }
}
