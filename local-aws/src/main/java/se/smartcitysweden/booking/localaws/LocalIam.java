package se.smartcitysweden.booking.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * Each function of the template runs under its own role, and the emulator enforces it, as IAM
 * does on AWS. moto_server checks every call against the caller's policies once its
 * "initial no-auth action count" is used up ({@code POST /moto-api/reset-auth}); this class
 * creates, while checks are off, an administrator (for the local stack's own work: creating the
 * resources, reading the stream, the tests' fixtures), one role per function with the actions its
 * template {@code Policies} allow, and a session of each role (as Lambda assumes the execution
 * role), and then turns the checks on.
 *
 * <p>moto checks actions, not resources or conditions: it compares a statement's {@code Resource}
 * with "*" and evaluates conditions without the request's context. So the local roles keep each
 * statement's actions with {@code Resource: "*"} and no condition; the resources and conditions of
 * the real roles are checked in the transformed template ({@code scripts/template_test.py}). moto
 * also checks a DynamoDB transaction as one action that IAM does not have ({@link #withTransactions}).
 *
 * <p>Credentials are looked up by endpoint and principal on every call ({@link #credentials}), so
 * clients built once keep working after a {@code /moto-api/reset} gives everyone new keys.
 */
public final class LocalIam {
    /** The local stack's own principal (resources, event sources, test fixtures). */
    public static final String ADMIN = "local-admin";
    /** Throw-away keys for an emulator that checks nothing (LocalStack without ENFORCE_IAM, moto with checks off). */
    static final AwsCredentials UNCHECKED = AwsBasicCredentials.create("test", "test");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<URI, Map<String, AwsCredentials>> IDENTITIES = new ConcurrentHashMap<>();
    private static final Map<URI, RoleMaker> ON_DEMAND = new ConcurrentHashMap<>();

    private LocalIam() { }

    /** Whether the emulator at {@code endpoint} is moto_server, whose IAM checks this class can turn on. */
    public static boolean canEnforce(URI endpoint) {
        try {
            return motoApi(endpoint, "GET", "/moto-api/", null) == 200;
        } catch (IOException | RuntimeException notMoto) {
            return false;
        }
    }

    /** Whether {@code LOCAL_IAM=off} asks to run without the checks (the default is on). */
    public static boolean wanted(Map<String, String> environment) {
        return !"off".equalsIgnoreCase(environment.getOrDefault("LOCAL_IAM", "on").strip());
    }

    /**
     * With checks off: the administrator, then {@code createResources} (as the administrator), then
     * each function's role and session; then checks on. Returns the roles' names by function.
     */
    public static Map<String, String> enforce(CloudFormationTemplate template, URI endpoint, Runnable createResources) {
        return enforce(template, endpoint, createResources, false);
    }

    /**
     * As {@link #enforce(CloudFormationTemplate, URI, Runnable)}, but with {@code rolesOnDemand} each
     * function's role and session are made (by the administrator, checks on) only when its credentials
     * or key variables are first asked for: a test that resets the emulator before each case and acts
     * as one function then pays for one role, not for all of them (each role is three IAM calls).
     * Returns the roles' names of the functions made now (none on demand).
     */
    public static Map<String, String> enforce(CloudFormationTemplate template, URI endpoint, Runnable createResources,
                                              boolean rolesOnDemand) {
        setCheckedAfter(endpoint, "inf");
        IDENTITIES.remove(key(endpoint));
        ON_DEMAND.remove(key(endpoint));
        Map<String, String> roles = new LinkedHashMap<>();
        try {
            LocalAwsClients unchecked = new LocalAwsClients(endpoint, StaticCredentialsProvider.create(UNCHECKED));
            String adminArn;
            try (IamClient iam = unchecked.iam()) {
                // A user of its own per run: another process may have set up roles in this emulator before.
                String adminUser = ADMIN + "-" + Long.toHexString(System.nanoTime());
                adminArn = iam.createUser(r -> r.userName(adminUser)).user().arn();
                iam.putUserPolicy(r -> r.userName(adminUser).policyName("everything")
                        .policyDocument("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
                AccessKey key = iam.createAccessKey(r -> r.userName(adminUser)).accessKey();
                register(endpoint, ADMIN, AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey()));
            }
            createResources.run();
            if (rolesOnDemand) {
                ON_DEMAND.put(key(endpoint), new RoleMaker(template, endpoint, adminArn));
            } else {
                LocalAwsClients admin = new LocalAwsClients(endpoint);
                try (IamClient iam = admin.iam(); StsClient sts = admin.sts()) {
                    for (String function : template.resourcesOfType("AWS::Serverless::Function")) {
                        roles.put(function, makeRole(template, endpoint, adminArn, function, iam, sts));
                    }
                }
            }
        } finally {
            setCheckedAfter(endpoint, "0");
        }
        return roles;
    }

    /** The function's role with its template policies, and a session of it registered as the function's credentials. */
    private static String makeRole(CloudFormationTemplate template, URI endpoint, String adminArn, String function,
                                   IamClient iam, StsClient sts) {
        String role = roleName(template, function);
        String arn;
        try {
            arn = iam.createRole(r -> r.roleName(role).assumeRolePolicyDocument(trustPolicy(adminArn))).role().arn();
        } catch (EntityAlreadyExistsException madeBefore) {
            iam.updateAssumeRolePolicy(r -> r.roleName(role).policyDocument(trustPolicy(adminArn)));
            arn = iam.getRole(r -> r.roleName(role)).role().arn();
        }
        String roleArn = arn;
        iam.putRolePolicy(r -> r.roleName(role).policyName("template-policies")
                .policyDocument(localPolicy(template, function).toString()));
        Credentials session = sts.assumeRole(r -> r.roleArn(roleArn).roleSessionName(function)
                .durationSeconds(43_200)).credentials();
        register(endpoint, function, AwsSessionCredentials.create(session.accessKeyId(),
                session.secretAccessKey(), session.sessionToken()));
        return role;
    }

    /** The roles still to make at one emulator, each on its first use (as the administrator, checks on). */
    private record RoleMaker(CloudFormationTemplate template, URI endpoint, String adminArn) {
        synchronized AwsCredentials credentialsOf(String function) {
            Map<String, AwsCredentials> known = IDENTITIES.get(key(endpoint));
            if (known == null) return null;
            AwsCredentials made = known.get(function);
            if (made != null || !template.resourcesOfType("AWS::Serverless::Function").contains(function)) return made;
            LocalAwsClients admin = new LocalAwsClients(endpoint);
            try (IamClient iam = admin.iam(); StsClient sts = admin.sts()) {
                makeRole(template, endpoint, adminArn, function, iam, sts);
            }
            return IDENTITIES.get(key(endpoint)).get(function);
        }
    }

    /** The credentials registered for {@code principal}, its role made first where that waits for its first use. */
    private static AwsCredentials known(URI endpoint, String principal) {
        Map<String, AwsCredentials> known = IDENTITIES.get(key(endpoint));
        AwsCredentials credentials = known == null ? null : known.get(principal);
        if (credentials != null || ADMIN.equals(principal)) return credentials;
        RoleMaker maker = ON_DEMAND.get(key(endpoint));
        return maker == null ? null : maker.credentialsOf(principal);
    }

    /** The credentials of {@code principal} (a function's logical id, or {@link #ADMIN}) at {@code endpoint}, looked up on each call. */
    public static AwsCredentialsProvider credentials(URI endpoint, String principal) {
        return () -> Optional.ofNullable(known(endpoint, principal)).orElseGet(() -> {
            if (!ADMIN.equals(principal) && IDENTITIES.containsKey(key(endpoint))) {
                throw new IllegalStateException("no local role for " + principal + " (not a function of the template?)");
            }
            return UNCHECKED;
        });
    }

    /**
     * The key variables Lambda sets for a function on demand (its role's session), for the local
     * runtime to put into that function's environment; empty when the checks are off.
     */
    public static Map<String, String> keyVariables(URI endpoint, String function) {
        AwsCredentials credentials = known(endpoint, function);
        if (credentials == null) return Map.of();
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AWS_ACCESS_KEY_ID", credentials.accessKeyId());
        variables.put("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        if (credentials instanceof AwsSessionCredentials session) variables.put("AWS_SESSION_TOKEN", session.sessionToken());
        return variables;
    }

    /**
     * Runs {@code work} with moto's checks off, signing with throw-away keys, then turns them on again:
     * for an operator's change (a role's policy) to an emulator whose administrator another process made.
     */
    public static <T> T withChecksOff(URI endpoint, java.util.function.Function<LocalAwsClients, T> work) {
        setCheckedAfter(endpoint, "inf");
        try {
            return work.apply(new LocalAwsClients(endpoint, StaticCredentialsProvider.create(UNCHECKED)));
        } finally {
            setCheckedAfter(endpoint, "0");
        }
    }

    /** Acts as the administrator another process (a local runtime) made at {@code endpoint}. */
    public static void adoptAdministrator(URI endpoint, String accessKeyId, String secretAccessKey) {
        register(endpoint, ADMIN, AwsBasicCredentials.create(accessKeyId, secretAccessKey));
    }

    /** The administrator's key variables for the {@code aws} CLI against the emulator; empty when the checks are off. */
    public static Map<String, String> administratorVariables(URI endpoint) {
        return keyVariables(endpoint, ADMIN);
    }

    /** Whether the checks are on at {@code endpoint} (this JVM turned them on). */
    public static boolean enforced(URI endpoint) {
        return IDENTITIES.containsKey(key(endpoint));
    }

    /** One key per emulator however its address is written (trailing slash, localhost). */
    private static URI key(URI endpoint) {
        String text = endpoint.toString().replaceAll("/+$", "").replace("://localhost", "://127.0.0.1");
        return URI.create(text);
    }

    static String roleName(CloudFormationTemplate template, String function) {
        String name = template.stackName() + "-" + function;
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    /**
     * The function's template {@code Policies} as moto can check them: every statement's actions,
     * on any resource, without conditions. Inline statements and references to the template's
     * {@code AWS::IAM::ManagedPolicy} resources are read; anything else (a SAM policy template, an
     * AWS managed policy, a Deny) is refused, so it cannot silently go unchecked.
     */
    public static ObjectNode localPolicy(CloudFormationTemplate template, String function) {
        ObjectNode policy = JSON.createObjectNode().put("Version", "2012-10-17");
        ArrayNode statements = policy.putArray("Statement");
        JsonNode policies = template.properties(function).path("Policies");
        List<JsonNode> items = policies.isArray() ? List.copyOf(toList(policies)) : policies.isMissingNode() ? List.of() : List.of(policies);
        for (JsonNode item : items) {
            JsonNode document;
            if (item.has("Statement")) {
                document = item;
            } else if (item.has("Ref") && template.root().path("Resources").has(item.get("Ref").asText())
                    && "AWS::IAM::ManagedPolicy".equals(template.resource(item.get("Ref").asText()).path("Type").asText())) {
                document = template.properties(item.get("Ref").asText()).path("PolicyDocument");
            } else {
                throw new IllegalStateException(function + ": the policy " + item + " cannot be enforced locally "
                        + "(only inline statements and the template's own AWS::IAM::ManagedPolicy resources are)");
            }
            for (JsonNode statement : toList(document.path("Statement"))) {
                if (!"Allow".equals(statement.path("Effect").asText())) {
                    throw new IllegalStateException(function + ": a " + statement.path("Effect").asText()
                            + " statement cannot be enforced locally (moto would apply it to every resource)");
                }
                ObjectNode local = statements.addObject().put("Effect", "Allow");
                local.set("Action", withTransactions(statement.path("Action")));
                local.put("Resource", "*");
            }
        }
        if (statements.isEmpty()) {
            // A role with no permission at all: moto needs one statement, so allow only what every caller may.
            statements.addObject().put("Effect", "Allow").put("Action", "sts:GetCallerIdentity").put("Resource", "*");
        }
        return policy;
    }

    /**
     * DynamoDB authorises a transaction per item (a Put as dynamodb:PutItem, a ConditionCheck as
     * dynamodb:ConditionCheckItem, a Get as dynamodb:GetItem;
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html), and
     * there is no IAM action of the transaction itself; moto checks the operation's name instead
     * (dynamodb:TransactWriteItems). So a statement that allows an item action a transaction may hold
     * also allows, locally, the transaction that holds it; which items it holds moto cannot tell.
     */
    static JsonNode withTransactions(JsonNode actions) {
        List<JsonNode> listed = toList(actions);
        java.util.Set<String> names = new java.util.LinkedHashSet<>();
        listed.forEach(action -> names.add(action.asText()));
        boolean writes = names.stream().anyMatch(TRANSACT_WRITE_ITEM_ACTIONS::contains);
        boolean reads = names.contains("dynamodb:GetItem");
        if (!writes && !reads) return actions;
        ArrayNode widened = JSON.createArrayNode();
        names.forEach(widened::add);
        if (writes && names.add("dynamodb:TransactWriteItems")) widened.add("dynamodb:TransactWriteItems");
        if (reads && names.add("dynamodb:TransactGetItems")) widened.add("dynamodb:TransactGetItems");
        return widened;
    }

    private static final java.util.Set<String> TRANSACT_WRITE_ITEM_ACTIONS = java.util.Set.of(
            "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem");

    private static List<JsonNode> toList(JsonNode node) {
        if (node.isArray()) {
            java.util.ArrayList<JsonNode> list = new java.util.ArrayList<>();
            node.forEach(list::add);
            return list;
        }
        return node.isMissingNode() ? List.of() : List.of(node);
    }

    /** Lambda may assume it, as on AWS; and the local administrator, who takes each session for the function. */
    private static String trustPolicy(String adminArn) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\","
                + "\"AWS\":\"" + adminArn + "\"},\"Action\":\"sts:AssumeRole\"}]}";
    }

    private static void register(URI endpoint, String principal, AwsCredentials credentials) {
        IDENTITIES.computeIfAbsent(key(endpoint), e -> new ConcurrentHashMap<>()).put(principal, credentials);
    }

    /** moto checks every AWS call after {@code count} more ("inf": none, "0": all from now on). */
    private static void setCheckedAfter(URI endpoint, String count) {
        try {
            int status = motoApi(endpoint, "POST", "/moto-api/reset-auth", count);
            if (status != 200) throw new IllegalStateException("moto-api/reset-auth answered " + status);
        } catch (IOException e) {
            throw new IllegalStateException("cannot set moto's IAM checks at " + endpoint + ": " + e.getMessage(), e);
        }
    }

    private static int motoApi(URI endpoint, String method, String path, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) endpoint.resolve(path).toURL().openConnection();
        connection.setRequestMethod(method);
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(10_000);
        if (body != null) {
            connection.setDoOutput(true);
            connection.setRequestProperty("Content-Type", "text/plain");
            connection.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = connection.getResponseCode();
        (status >= 400 ? connection.getErrorStream() : connection.getInputStream()).readAllBytes();
        return status;
    }
}
