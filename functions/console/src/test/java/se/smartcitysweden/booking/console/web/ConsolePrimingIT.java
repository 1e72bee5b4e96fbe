package se.smartcitysweden.booking.console.web;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.testing.PrimingAgainstLocalAws;

/** SnapStart priming of the console against the local AWS: it reads, it never writes or sends. */
class ConsolePrimingIT extends PrimingAgainstLocalAws {
    private static final Map<String, String> CONSOLE_ENV = withOverviewTable();

    ConsolePrimingIT() {
        super("ConsoleFunction");
    }

    private static Map<String, String> withOverviewTable() {
        Map<String, String> env = new HashMap<>(ENV);
        env.put("OVERVIEW_TABLE_NAME", AWS.physicalName("OverviewTable"));
        return Map.copyOf(env);
    }

    @Override
    protected Priming priming(LocalAwsClients clients) {
        return new ConsoleHandler(CONSOLE_ENV, clients.dynamoDb(), clients::ses, SECRET).priming();
    }

    @Override
    protected WhenDown whenTheEndpointIsDown() {
        return new WhenDown("the two reads fail, the dry run does not", "dynamodb-read", "ses-read");
    }

    @Test
    void theSignInPageLeavesTheSesClientUnbuiltAndPrimingBuildsIt() {
        assertAPageLeavesTheSesClientUnbuiltAndPrimingBuildsIt(ConsolePriming.signInPage(), 200, "the sign-in page", ses -> {
            ConsoleHandler handler = new ConsoleHandler(CONSOLE_ENV, function().dynamoDb(), ses, SECRET);
            return new HttpFunction(page -> handler.handleRequest(page, null), handler::priming);
        });
    }
}
