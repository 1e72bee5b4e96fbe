package se.smartcitysweden.booking.overviewrows;

import se.smartcitysweden.booking.aws.priming.Priming;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.testing.PrimingAgainstLocalAws;

/**
 * SnapStart priming of the overview rows function against the local AWS: it reads the sample, it
 * writes nothing (neither to the booking table nor to the overview table) and sends no mail.
 */
class OverviewRowsPrimingIT extends PrimingAgainstLocalAws {
    OverviewRowsPrimingIT() {
        super("OverviewRowsFunction");
    }

    @Override
    protected Priming priming(LocalAwsClients clients) {
        return OverviewRowsPriming.of(clients.dynamoDb(), AWS.physicalName("OverviewTable"));
    }

    @Override
    protected WhenDown whenTheEndpointIsDown() {
        return new WhenDown("the read and the refused update fail; the sample batch and the writes answered locally do not",
                "dynamodb-read", "dynamodb-update");
    }
}
