package se.smartcitysweden.booking.submit;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.Map;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.workflow.PersonalData;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code POST /bookings}: the visitor's booking form arrives here through API Gateway (HTTP API). */
public final class SubmitBookingHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final SubmitBookingHttp http;

    /** Lambda's entry: real clients, built once per container. */
    public SubmitBookingHandler() {
        this(System.getenv());
    }

    /** Builds the function from an environment such as Lambda gives it (the local runtime passes the template's). */
    public SubmitBookingHandler(Map<String, String> environment) {
        this(AwsClients.dynamoDb(), required(environment, "TABLE_NAME"), PersonalData.fromEnv(environment));
    }

    private SubmitBookingHandler(DynamoDbClient dynamoDb, String tableName, PersonalData personalData) {
        this(new SubmitBookingService(new DynamoDbBookingRepository(dynamoDb, tableName, personalData),
                Clock.systemUTC(), ReferenceGenerator.secure(), SubmitBookingService.randomIds()));
        SnapStartPriming.register(dynamoDb, tableName);
    }

    SubmitBookingHandler(SubmitBookingService service) {
        this.http = new SubmitBookingHttp(service);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return http.handle(event);
    }

    private static String required(Map<String, String> environment, String name) {
        String value = environment.get(name);
        if (value == null || value.isBlank()) throw new IllegalStateException(name + " is not set");
        return value;
    }
}
