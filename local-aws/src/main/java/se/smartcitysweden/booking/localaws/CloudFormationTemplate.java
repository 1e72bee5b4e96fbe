package se.smartcitysweden.booking.localaws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code template.yaml} as the local tools read it: short-form intrinsics ({@code !Ref},
 * {@code !GetAtt}, {@code !Sub} ...) become their long forms, and values are resolved to the
 * local physical names, so the template stays the one list of resources.
 */
public final class CloudFormationTemplate {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!]+)}");

    private final JsonNode root;
    private final String stackName;
    private final String region;
    private final Map<String, String> parameterOverrides;
    private final String endpoint;

    public CloudFormationTemplate(JsonNode root, String stackName, String region, String endpoint,
                                  Map<String, String> parameterOverrides) {
        this.root = root;
        this.endpoint = endpoint;
        this.stackName = stackName;
        this.region = region;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
    }

    public static CloudFormationTemplate load(Path file, String stackName, String region, String endpoint,
                                              Map<String, String> parameterOverrides) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Object tree = new Yaml(new IntrinsicConstructor()).load(reader);
            return new CloudFormationTemplate(MAPPER.valueToTree(tree), stackName, region, endpoint,
                    parameterOverrides);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** Finds {@code template.yaml} in the working directory or the nearest folder above it. */
    public static Path locate() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("template.yaml");
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new IllegalStateException("template.yaml not found in " + Path.of("").toAbsolutePath() + " or above");
    }

    public JsonNode root() { return root; }

    public String stackName() { return stackName; }

    public String region() { return region; }

    /** Logical ids of the resources of one type that this deployment creates (their Condition holds), in template order. */
    public List<String> resourcesOfType(String type) {
        List<String> ids = new ArrayList<>();
        root.path("Resources").fields().forEachRemaining(resource -> {
            JsonNode condition = resource.getValue().path("Condition");
            if (type.equals(resource.getValue().path("Type").asText())
                    && (condition.isMissingNode() || condition(condition.asText()))) ids.add(resource.getKey());
        });
        return ids;
    }

    public JsonNode resource(String logicalId) {
        JsonNode resource = root.path("Resources").path(logicalId);
        if (resource.isMissingNode()) throw new IllegalArgumentException("no resource " + logicalId);
        return resource;
    }

    public JsonNode properties(String logicalId) {
        return resource(logicalId).path("Properties");
    }

    /** The name the resource gets locally: its own name property if it has one, else stack-logicalId. */
    public String physicalName(String logicalId) {
        JsonNode properties = properties(logicalId);
        for (String nameProperty : List.of("TableName", "QueueName", "TopicName", "Name")) {
            if (properties.path(nameProperty).isTextual()) return properties.path(nameProperty).asText();
        }
        return stackName + "-" + logicalId;
    }

    public String arn(String logicalId) {
        String type = resource(logicalId).path("Type").asText();
        String name = physicalName(logicalId);
        return switch (type) {
            case "AWS::DynamoDB::Table" -> "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + name;
            case "AWS::SQS::Queue" -> "arn:aws:sqs:" + region + ":" + ACCOUNT + ":" + name;
            case "AWS::SNS::Topic" -> "arn:aws:sns:" + region + ":" + ACCOUNT + ":" + name;
            default -> "arn:aws:local:" + region + ":" + ACCOUNT + ":" + name;
        };
    }

    public static final String ACCOUNT = "123456789012";

    public String parameter(String name) {
        if (parameterOverrides.containsKey(name)) return parameterOverrides.get(name);
        JsonNode defaultValue = root.path("Parameters").path(name).path("Default");
        if (defaultValue.isMissingNode()) throw new IllegalArgumentException("parameter " + name + " has no value");
        return defaultValue.asText();
    }

    /** Resolves a property value (a literal or an intrinsic function) to the text it has locally. */
    public String resolve(JsonNode value) {
        if (value.isValueNode()) return value.asText();
        if (value.has("Ref")) return ref(value.get("Ref").asText());
        if (value.has("Fn::GetAtt")) {
            JsonNode getAtt = value.get("Fn::GetAtt");
            String[] parts = getAtt.isArray()
                    ? new String[] {getAtt.get(0).asText(), getAtt.get(1).asText()}
                    : getAtt.asText().split("\\.", 2);
            return getAtt(parts[0], parts[1]);
        }
        if (value.has("Fn::Sub")) {
            JsonNode sub = value.get("Fn::Sub");
            String text = sub.isArray() ? sub.get(0).asText() : sub.asText();
            Matcher matcher = SUB_VARIABLE.matcher(text);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String variable = matcher.group(1);
                String replacement = sub.isArray() && sub.get(1).has(variable) ? resolve(sub.get(1).get(variable))
                        : variable.contains(".") ? getAtt(variable.split("\\.", 2)[0], variable.split("\\.", 2)[1])
                        : ref(variable);
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            return out.toString();
        }
        if (value.has("Fn::If")) {
            JsonNode branches = value.get("Fn::If");
            return resolve(condition(branches.get(0).asText()) ? branches.get(1) : branches.get(2));
        }
        if (value.has("Fn::Split")) {
            // A list resolves to its items joined with commas, as a CommaDelimitedList's text.
            JsonNode split = value.get("Fn::Split");
            return String.join(",", resolve(split.get(1)).split(Pattern.quote(split.get(0).asText()), -1));
        }
        if (value.has("Fn::Join")) {
            JsonNode join = value.get("Fn::Join");
            List<String> parts = new ArrayList<>();
            join.get(1).forEach(part -> parts.add(resolve(part)));
            return String.join(join.get(0).asText(), parts);
        }
        throw new IllegalArgumentException("cannot resolve locally: " + value);
    }

    /** The branch an {@code Fn::If} takes here (again, while it is one), or the value itself. */
    public JsonNode chosen(JsonNode value) {
        while (value.isObject() && value.has("Fn::If")) {
            JsonNode branches = value.get("Fn::If");
            value = condition(branches.get(0).asText()) ? branches.get(1) : branches.get(2);
        }
        return value;
    }

    /** A property's value as text, resolved; {@code fallback} when the property is absent or null. */
    public String text(JsonNode value, String fallback) {
        return value == null || value.isMissingNode() || value.isNull() ? fallback : resolve(value);
    }

    /** A whole-number property, resolved; {@code fallback} when absent. */
    public int integer(JsonNode value, int fallback) {
        String text = text(value, null);
        if (text == null) return fallback;
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number: " + text);
        }
    }

    /** A true/false property, resolved; {@code fallback} when absent. */
    public boolean bool(JsonNode value, boolean fallback) {
        String text = text(value, null);
        return text == null ? fallback : Boolean.parseBoolean(text.strip());
    }

    /** Evaluates a named condition of the template (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition). */
    public boolean condition(String name) {
        return evaluate(root.path("Conditions").path(name));
    }

    private boolean evaluate(JsonNode condition) {
        if (condition.has("Fn::Equals")) {
            return resolve(condition.get("Fn::Equals").get(0)).equals(resolve(condition.get("Fn::Equals").get(1)));
        }
        if (condition.has("Fn::Not")) return !evaluate(condition.get("Fn::Not").get(0));
        if (condition.has("Fn::And")) {
            for (JsonNode part : condition.get("Fn::And")) if (!evaluate(part)) return false;
            return true;
        }
        if (condition.has("Fn::Or")) {
            for (JsonNode part : condition.get("Fn::Or")) if (evaluate(part)) return true;
            return false;
        }
        if (condition.has("Condition")) return condition(condition.get("Condition").asText());
        throw new IllegalArgumentException("cannot evaluate condition " + condition);
    }

    private String ref(String name) {
        return switch (name) {
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> ACCOUNT;
            case "AWS::StackName" -> stackName;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> root.path("Parameters").has(name) ? parameter(name) : refToResource(name);
        };
    }

    private String refToResource(String logicalId) {
        String type = resource(logicalId).path("Type").asText();
        if (type.equals("AWS::SQS::Queue")) {
            return endpoint + "/" + ACCOUNT + "/" + physicalName(logicalId);
        }
        return physicalName(logicalId);
    }

    private String getAtt(String logicalId, String attribute) {
        return switch (attribute) {
            case "Arn" -> arn(logicalId);
            case "StreamArn" -> arn(logicalId) + "/stream/local";
            case "QueueName" -> physicalName(logicalId);
            case "QueueUrl" -> refToResource(logicalId);
            default -> throw new IllegalArgumentException("unknown attribute " + logicalId + "." + attribute);
        };
    }

    /** Reads CloudFormation's short-form tags into their long forms. */
    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            for (String function : List.of("Ref", "Condition")) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic(function));
            }
            for (String function : List.of("GetAtt", "Sub", "Join", "Select", "Split", "If", "Equals", "Not", "And",
                    "Or", "FindInMap", "ImportValue", "Base64", "GetAZs", "Cidr", "ToJsonString", "Length")) {
                yamlConstructors.put(new Tag("!" + function), new Intrinsic("Fn::" + function));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) { this.name = name; }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = name.equals("Fn::GetAtt") ? List.of(text.split("\\.", 2)) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> function = new LinkedHashMap<>();
                function.put(name, value);
                return function;
            }
        }
    }
}
