package se.smartcitysweden.booking.localruntime.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.util.Map;

/** Takes longer than its Timeout (1 s in the test template). */
public final class SlowHandler implements RequestHandler<Map<String, Object>, String> {
    public SlowHandler(Map<String, String> environment) { }

    @Override
    public String handleRequest(Map<String, Object> event, Context context) {
        try {
            Thread.sleep(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return "done";
    }
}
