package se.smartcitysweden.booking.localruntime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.net.URI;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalIam;

/**
 * Every {@code AWS::Serverless::Function} of the template as a {@link LocalFunction}, found by
 * logical id, by physical name ({@code <stack>-<LogicalId>}) or by ARN, as the Invoke API and the
 * event sources (HTTP API, later the stream poller and the schedule) look them up.
 */
public final class FunctionRegistry implements AutoCloseable {
    public static final String FUNCTION_TYPE = "AWS::Serverless::Function";

    private final Map<String, LocalFunction> functions;
    private final String region;

    private FunctionRegistry(Map<String, LocalFunction> functions, String region) {
        this.functions = Collections.unmodifiableMap(functions);
        this.region = region;
    }

    /**
     * Reads the functions of the template.
     *
     * @param passedEnvironment variables every function's environment gets besides its own (the AWS
     *                          settings: region, credentials, endpoint of the emulator); the template's
     *                          variables win over them
     * @param classLoader       where the handler classes are loaded from
     */
    public static FunctionRegistry fromTemplate(CloudFormationTemplate template, Map<String, String> passedEnvironment,
                                                ClassLoader classLoader, PrintStream console) {
        JsonNode globals = template.root().path("Globals").path("Function");
        Map<String, LocalFunction> functions = new LinkedHashMap<>();
        for (String logicalId : template.resourcesOfType(FUNCTION_TYPE)) {
            JsonNode properties = template.properties(logicalId);
            String runtime = text(template, properties, globals, "Runtime", "");
            if (!runtime.startsWith("java") || "Image".equals(text(template, properties, globals, "PackageType", "Zip"))) {
                console.println("Skipping " + logicalId + ": runtime '" + runtime + "' cannot run in this JVM");
                continue;
            }
            String handler = text(template, properties, globals, "Handler", "");
            String[] parts = handler.split("::", 2);
            String functionName = properties.path("FunctionName").isMissingNode()
                    ? template.stackName() + "-" + logicalId : template.resolve(properties.get("FunctionName"));
            String arn = "arn:aws:lambda:" + template.region() + ":" + CloudFormationTemplate.ACCOUNT + ":function:"
                    + functionName;
            int memory = Integer.parseInt(text(template, properties, globals, "MemorySize", "128"));
            Map<String, String> environment = new LinkedHashMap<>(passedEnvironment);
            environment.putAll(lambdaVariables(functionName, memory, template.region(), runtime));
            // The function's own role, as Lambda gives it: its session's key variables (when the emulator checks IAM).
            if (passedEnvironment.containsKey("AWS_ENDPOINT_URL")) {
                environment.putAll(LocalIam.keyVariables(URI.create(passedEnvironment.get("AWS_ENDPOINT_URL")), logicalId));
            }
            // A function the runtime cannot set up is still listed; its invocations fail with the reason.
            String problem = handler.isBlank() ? logicalId + " has no Handler" : null;
            try {
                environment.putAll(variables(template, logicalId, globals));
                environment.putAll(variables(template, logicalId, properties));
            } catch (IllegalStateException e) {
                problem = e.getMessage();
            }
            LocalFunction.Definition definition = new LocalFunction.Definition(logicalId, functionName, arn,
                    parts[0].strip(), parts.length > 1 ? parts[1].strip() : null, runtime,
                    Integer.parseInt(text(template, properties, globals, "Timeout", "3")), memory,
                    text(template, properties, globals, "AutoPublishAlias", null), Map.copyOf(environment),
                    properties.path("Events"));
            functions.put(logicalId, new LocalFunction(definition, problem, classLoader, console));
        }
        return new FunctionRegistry(functions, template.region());
    }

    public Collection<LocalFunction> all() { return functions.values(); }

    public LocalFunction get(String logicalId) {
        LocalFunction function = functions.get(logicalId);
        if (function == null) throw new IllegalArgumentException("no function " + logicalId);
        return function;
    }

    /**
     * The function a name of the Invoke API means: {@code LogicalId}, {@code <stack>-<LogicalId>}, an
     * ARN ({@code arn:aws:lambda:<region>:<account>:function:<name>[:qualifier]}) or {@code name:qualifier}.
     * A qualifier must be {@code $LATEST} or the function's AutoPublishAlias.
     */
    public Optional<LocalFunction> find(String nameOrArn, String qualifier) {
        String name = nameOrArn;
        String nameQualifier = null;
        if (name.startsWith("arn:")) {
            String[] parts = name.split(":");
            if (parts.length < 7 || !parts[2].equals("lambda") || !parts[5].equals("function")) return Optional.empty();
            name = parts[6];
            if (parts.length > 7) nameQualifier = parts[7];
        } else if (name.contains(":")) {
            nameQualifier = name.substring(name.indexOf(':') + 1);
            name = name.substring(0, name.indexOf(':'));
        }
        if (nameQualifier != null && qualifier != null && !nameQualifier.equals(qualifier)) return Optional.empty();
        String wanted = nameQualifier != null ? nameQualifier : qualifier;
        String lookup = name;
        return functions.values().stream()
                .filter(f -> f.logicalId().equals(lookup) || f.definition().functionName().equals(lookup))
                .filter(f -> wanted == null || wanted.equals("$LATEST") || wanted.equals(f.definition().alias()))
                .findFirst();
    }

    public String region() { return region; }

    /** Calls {@code listener} after every invocation of any function (see {@link LocalFunction#onInvocation}). */
    public void onInvocation(java.util.function.Consumer<InvocationResult> listener) {
        functions.values().forEach(function -> function.onInvocation(listener));
    }

    @Override
    public void close() {
        functions.values().forEach(LocalFunction::close);
    }

    /** The variables Lambda itself sets in every function's environment. */
    private static Map<String, String> lambdaVariables(String functionName, int memory, String region, String runtime) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_REGION", region);
        variables.put("AWS_DEFAULT_REGION", region);
        variables.put("AWS_LAMBDA_FUNCTION_NAME", functionName);
        variables.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        variables.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(memory));
        variables.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + functionName);
        variables.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + runtime);
        variables.put("TZ", ":UTC");
        return variables;
    }

    private static Map<String, String> variables(CloudFormationTemplate template, String logicalId, JsonNode owner) {
        Map<String, String> variables = new LinkedHashMap<>();
        owner.path("Environment").path("Variables").fields().forEachRemaining(variable -> {
            try {
                variables.put(variable.getKey(), template.resolve(variable.getValue()));
            } catch (RuntimeException e) {
                throw new IllegalStateException("cannot resolve environment variable " + variable.getKey() + " of "
                        + logicalId + " locally: " + e.getMessage(), e);
            }
        });
        return variables;
    }

    private static String text(CloudFormationTemplate template, JsonNode properties, JsonNode globals, String name,
                               String fallback) {
        JsonNode value = properties.has(name) ? properties.get(name) : globals.get(name);
        return value == null || value.isNull() ? fallback : template.resolve(value);
    }
}
