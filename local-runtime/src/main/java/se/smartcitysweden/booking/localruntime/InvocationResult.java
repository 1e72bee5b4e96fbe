package se.smartcitysweden.booking.localruntime;

import java.nio.charset.StandardCharsets;

/**
 * What one invocation of a {@link LocalFunction} gave, in the terms of Lambda's Invoke API: the
 * response payload (the handler's result as JSON, or Lambda's error document) and whether it is a
 * function error.
 *
 * @param requestId      the invocation's request id (also the handler's {@code Context.getAwsRequestId()})
 * @param payload        JSON: the result, or {@code {"errorMessage","errorType","stackTrace"}} on error
 * @param functionError  {@code null} on success, else {@code "Unhandled"} (the X-Amz-Function-Error value)
 * @param errorType      the error's type on failure ({@code Sandbox.Timedout} for a timeout), else null
 * @param coldStart      true when a new handler instance was built for this invocation
 * @param durationMillis time spent in the handler (without the cold start)
 * @param initMillis     the cold start's duration, or -1 for a warm instance
 * @param log            what the invocation logged (START/END/REPORT lines, LambdaLogger, System.out/err)
 */
public record InvocationResult(String requestId, byte[] payload, String functionError, String errorType,
                               boolean coldStart, double durationMillis, double initMillis, String log) {
    public static final String UNHANDLED = "Unhandled";
    public static final String TIMED_OUT = "Sandbox.Timedout";

    public boolean failed() { return functionError != null; }

    public boolean timedOut() { return TIMED_OUT.equals(errorType); }

    public String payloadText() { return new String(payload, StandardCharsets.UTF_8); }
}
