package se.smartcitysweden.booking.manage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.testing.PrimingAgainstLocalAws;
import se.smartcitysweden.booking.testing.StandardOutput;

/** SnapStart priming of the manage function against the local AWS: it reads, it never writes or sends. */
class ManagePrimingIT extends PrimingAgainstLocalAws {
    ManagePrimingIT() {
        super("ManageBookingFunction");
    }

    @Override
    protected Priming priming(LocalAwsClients clients) {
        return new ManageBookingHandler(ENV, SIGNER, clients.dynamoDb(), clients::ses).priming();
    }

    @Override
    protected WhenDown whenTheEndpointIsDown() {
        return new WhenDown("the page (its read answered 503), then the two reads", "dry-run", "dynamodb-read", "ses-read");
    }

    @Override
    protected void checkTheLog(StandardOutput output) {
        assertEquals(List.of("priming.done"), output.json().stream().map(line -> line.path("event").asText("metric"))
                .filter(event -> !event.startsWith("manage.")).toList(),
                "the rehearsed pages log and count nothing (the page of the missing booking logs as a real request does)");
    }

    @Test
    void aPageViewLeavesTheSesClientUnbuiltAndPrimingBuildsIt() {
        String token = SIGNER.sign(new LinkSigner.Claims(LinkSigner.Purpose.MANAGE, ManagePriming.MISSING_BOOKING,
                Node.values()[0], Instant.now().plus(Duration.ofHours(1))));
        assertAPageLeavesTheSesClientUnbuiltAndPrimingBuildsIt(ManagePriming.managePage(token), 404,
                "the page of a booking that is not there", ses -> {
            ManageBookingHandler handler = new ManageBookingHandler(ENV, SIGNER, function().dynamoDb(), ses);
            return new HttpFunction(page -> handler.handleRequest(page, null), handler::priming);
        });
    }
}
