package se.smartcitysweden.booking.localaws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The local roles' actions: moto checks a DynamoDB transaction by its operation, IAM by its items. */
class LocalIamTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<String> actions(JsonNode node) {
        List<String> names = new ArrayList<>();
        if (node.isArray()) node.forEach(action -> names.add(action.asText())); else names.add(node.asText());
        return names;
    }

    private static List<String> local(String actions) throws Exception {
        return actions(LocalIam.withTransactions(JSON.readTree(actions)));
    }

    @Test
    void aStatementAllowingAnItemWriteAllowsTheTransactionThatHoldsIt() throws Exception {
        assertEquals(List.of("dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:ConditionCheckItem",
                        "dynamodb:TransactWriteItems", "dynamodb:TransactGetItems"),
                local("[\"dynamodb:PutItem\", \"dynamodb:GetItem\", \"dynamodb:ConditionCheckItem\"]"));
        assertEquals(List.of("dynamodb:UpdateItem", "dynamodb:TransactWriteItems"), local("\"dynamodb:UpdateItem\""));
        assertEquals(List.of("dynamodb:GetItem", "dynamodb:TransactGetItems"), local("[\"dynamodb:GetItem\"]"));
    }

    @Test
    void otherActionsAreLeftAsTheTemplateGivesThem() throws Exception {
        assertEquals(List.of("dynamodb:Query"), local("\"dynamodb:Query\""));
        assertEquals(List.of("ses:SendEmail", "ses:SendRawEmail"), local("[\"ses:SendEmail\", \"ses:SendRawEmail\"]"));
        assertEquals(List.of("dynamodb:BatchGetItem"), local("[\"dynamodb:BatchGetItem\"]"));
    }
}
