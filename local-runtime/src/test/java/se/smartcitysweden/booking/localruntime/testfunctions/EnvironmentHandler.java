package se.smartcitysweden.booking.localruntime.testfunctions;

import com.amazonaws.services.lambda.runtime.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A typed handler named by method (no RequestHandler interface): the input is a POJO-ish map
 * deserialised by Jackson, the answer shows the environment it was built with and its Context.
 */
public final class EnvironmentHandler {
    private static final List<String> SHOWN = List.of("TABLE_NAME", "GREETING", "AWS_LAMBDA_FUNCTION_NAME",
            "AWS_REGION", "AWS_ENDPOINT_URL");
    private final Map<String, String> environment;

    public EnvironmentHandler(Map<String, String> environment) {
        this.environment = environment;
    }

    public Map<String, Object> describe(Map<String, List<Integer>> input, Context context) {
        Map<String, Object> answer = new LinkedHashMap<>();
        Map<String, String> shown = new LinkedHashMap<>();
        SHOWN.forEach(name -> shown.put(name, environment.get(name)));
        answer.put("environment", shown);
        answer.put("sum", input.getOrDefault("numbers", List.of()).stream().mapToInt(Integer::intValue).sum());
        answer.put("functionName", context.getFunctionName());
        answer.put("arn", context.getInvokedFunctionArn());
        answer.put("requestId", context.getAwsRequestId());
        answer.put("remainingMillis", context.getRemainingTimeInMillis());
        context.getLogger().log("described the environment");
        return answer;
    }
}
