package se.smartcitysweden.booking.bench.harness;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/** The Lambda context of the one invocation: fixed values, a logger on standard error. */
final class HarnessContext implements Context {
    private static final LambdaLogger LOGGER = new LambdaLogger() {
        @Override public void log(String message) { System.err.print(message); }
        @Override public void log(byte[] message) { System.err.write(message, 0, message.length); }
    };

    @Override public String getAwsRequestId() { return "00000000-0000-4000-8000-000000000001"; }
    @Override public String getLogGroupName() { return "/aws/lambda/bench"; }
    @Override public String getLogStreamName() { return "bench"; }
    @Override public String getFunctionName() { return "SubmitBookingFunction"; }
    @Override public String getFunctionVersion() { return "$LATEST"; }
    @Override public String getInvokedFunctionArn() {
        return "arn:aws:lambda:eu-north-1:123456789012:function:SubmitBookingFunction";
    }
    @Override public CognitoIdentity getIdentity() { return null; }
    @Override public ClientContext getClientContext() { return null; }
    @Override public int getRemainingTimeInMillis() { return 20_000; }
    @Override public int getMemoryLimitInMB() { return 1024; }
    @Override public LambdaLogger getLogger() { return LOGGER; }
}
