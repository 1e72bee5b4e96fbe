package se.smartcitysweden.booking.aws;

import java.util.function.Function;
import java.util.function.Supplier;
import se.smartcitysweden.booking.port.StorageUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * A DynamoDB call as the ports promise it, written once for every adapter: a failure of the SDK
 * (unreachable, throttled, timed out, refused) is a {@link StorageUnavailableException} ("DynamoDB
 * {@code what} failed"), and a conditional write that its condition refuses is an answer, not a failure.
 */
final class DynamoDbCalls {
    private DynamoDbCalls() { }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    static void run(String what, Runnable call) {
        call(what, () -> {
            call.run();
            return null;
        });
    }

    /** True when written; false when the write's condition refused it. */
    static boolean conditional(String what, Runnable write) {
        return conditional(what, () -> {
            write.run();
            return true;
        }, refused -> false);
    }

    /** The write's answer; when its condition refused it, what {@code refused} makes of the refusal. */
    static <T> T conditional(String what, Supplier<T> write, Function<ConditionalCheckFailedException, T> refused) {
        try {
            return write.get();
        } catch (ConditionalCheckFailedException refusal) {
            return refused.apply(refusal);
        } catch (SdkException e) {
            throw failed(what, e);
        }
    }

    private static StorageUnavailableException failed(String what, SdkException e) {
        return new StorageUnavailableException("DynamoDB " + what + " failed", e);
    }
}
