package se.smartcitysweden.booking.localruntime;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;

/** The {@link Context} a handler gets locally: names as Lambda would give them, a deadline, stdout logging. */
final class LocalContext implements Context {
    private final String requestId;
    private final LocalFunction.Definition function;
    private final String logStreamName;
    private final long deadlineNanos;

    LocalContext(String requestId, LocalFunction.Definition function, String logStreamName, long deadlineNanos) {
        this.requestId = requestId;
        this.function = function;
        this.logStreamName = logStreamName;
        this.deadlineNanos = deadlineNanos;
    }

    @Override public String getAwsRequestId() { return requestId; }

    @Override public String getLogGroupName() { return "/aws/lambda/" + function.functionName(); }

    @Override public String getLogStreamName() { return logStreamName; }

    @Override public String getFunctionName() { return function.functionName(); }

    @Override public String getFunctionVersion() { return "$LATEST"; }

    @Override public String getInvokedFunctionArn() { return function.arn(); }

    @Override public CognitoIdentity getIdentity() { return null; }

    @Override public ClientContext getClientContext() { return null; }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
    }

    @Override public int getMemoryLimitInMB() { return function.memoryMb(); }

    @Override public LambdaLogger getLogger() { return StdoutLogger.INSTANCE; }

    /** Lambda's logger writes each call as one log event; locally, one line on stdout. */
    static final class StdoutLogger implements LambdaLogger {
        static final StdoutLogger INSTANCE = new StdoutLogger();

        @Override
        public void log(String message) {
            if (message == null) message = "null";
            System.out.print(message.endsWith("\n") ? message : message + "\n");
            System.out.flush();
        }

        @Override
        public void log(byte[] message) {
            log(new String(message, StandardCharsets.UTF_8));
        }

        @Override
        public void log(String message, LogLevel level) {
            log(level == null || level == LogLevel.UNDEFINED ? message : "[" + level + "] " + message);
        }
    }
}
