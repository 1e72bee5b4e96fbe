package se.smartcitysweden.booking.localruntime.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Always throws, with a cause, to see Lambda's error document. */
public final class FailingHandler implements RequestHandler<Map<String, Object>, String> {
    public FailingHandler(Map<String, String> environment) { }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        throw new IllegalStateException("boom", new IllegalArgumentException("the cause"));
    }
}
