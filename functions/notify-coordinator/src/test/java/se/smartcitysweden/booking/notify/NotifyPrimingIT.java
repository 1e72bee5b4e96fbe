package se.smartcitysweden.booking.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.testing.PrimingAgainstLocalAws;
import se.smartcitysweden.booking.testing.StandardOutput;

/** SnapStart priming of the notify function against the local AWS: it reads, it never writes or sends. */
class NotifyPrimingIT extends PrimingAgainstLocalAws {
    NotifyPrimingIT() {
        super("NotifyCoordinatorFunction");
    }

    @Override
    protected Priming priming(LocalAwsClients clients) {
        return NotifyCoordinatorHandler.priming(ENV, clients.dynamoDb(), clients.ses(), SIGNER);
    }

    @Override
    protected WhenDown whenTheEndpointIsDown() {
        return new WhenDown("the two reads fail, the dry run does not", "dynamodb-read", "ses-read");
    }

    @Override
    protected void checkTheLog(StandardOutput output) {
        assertEquals(List.of("priming.done"), output.json().stream().map(line -> line.path("event").asText("metric")).toList(),
                "the rehearsed batch (both mails 'sent' to a client that answers locally) logs and counts nothing");
    }
}
