package se.smartcitysweden.booking.followup;

import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.testing.PrimingAgainstLocalAws;

/** SnapStart priming of the follow-up function against the local AWS: it reads, it never writes or sends. */
class FollowUpPrimingIT extends PrimingAgainstLocalAws {
    FollowUpPrimingIT() {
        super("FollowUpFunction");
    }

    @Override
    protected Priming priming(LocalAwsClients clients) {
        return FollowUpHandler.priming(ENV, clients.dynamoDb(), clients::ses, SIGNER);
    }

    @Override
    protected WhenDown whenTheEndpointIsDown() {
        return new WhenDown("the two reads and the refused update fail, the dry run does not",
                "dynamodb-read", "dynamodb-update", "ses-read");
    }
}
