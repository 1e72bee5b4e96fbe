package se.smartcitysweden.booking.mailevents;

import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.testing.PrimingAgainstLocalAws;

/** SnapStart priming of the mail-events function against the local AWS: it reads, it never writes or sends. */
class MailEventsPrimingIT extends PrimingAgainstLocalAws {
    MailEventsPrimingIT() {
        super("MailEventsFunction");
    }

    @Override
    protected Priming priming(LocalAwsClients clients) {
        return MailEventsHandler.priming(ENV, clients.dynamoDb(), clients::ses, SIGNER);
    }

    @Override
    protected WhenDown whenTheEndpointIsDown() {
        return new WhenDown("the two reads fail, the dry run does not", "dynamodb-read", "ses-read");
    }
}
