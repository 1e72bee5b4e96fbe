package se.smartcitysweden.booking.localruntime.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scheduled function that notes every input it gets (in this JVM, for the in-process tests) and
 * fails as often as {@link #FAILURES} says before it succeeds.
 */
public final class ScheduledHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public static final List<Map<String, Object>> INPUTS = new CopyOnWriteArrayList<>();
    public static final AtomicInteger FAILURES = new AtomicInteger();

    public ScheduledHandler(Map<String, String> environment) { }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        INPUTS.add(input);
        if (FAILURES.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            throw new IllegalStateException("the follow-up run failed");
        }
        return Map.of("ranFor", String.valueOf(input.get("scheduledTime")));
    }
}
