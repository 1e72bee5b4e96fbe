package se.smartcitysweden.booking.submit;

import static se.smartcitysweden.booking.aws.lambda.FunctionEnvironment.required;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import se.smartcitysweden.booking.aws.lambda.FunctionClock;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import se.smartcitysweden.booking.aws.AwsClients;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.DynamoDbLimitCounter;
import se.smartcitysweden.booking.aws.lambda.HttpApiStreams;
import se.smartcitysweden.booking.domain.PersonalData;
import se.smartcitysweden.booking.aws.lambda.HttpApiFunction;
import se.smartcitysweden.booking.intake.ReferenceGenerator;
import se.smartcitysweden.booking.intake.SubmitBookingService;
import se.smartcitysweden.booking.limits.Limits;
import se.smartcitysweden.booking.limits.RateLimit;
import se.smartcitysweden.booking.observability.LogContext;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * {@code POST /bookings}: the visitor's booking form arrives here through API Gateway (HTTP API).
 * A stream handler: the event is read and the answer written with the function's own Jackson, so
 * Lambda's runtime does not set up its serializer at a cold start (BENCHMARKS.md).
 */
public final class SubmitBookingHandler implements RequestStreamHandler {
    private final HttpApiFunction http;

    /** Lambda's entry: real clients, built once per container. */
    public SubmitBookingHandler() {
        this(System.getenv());
    }

    /** Builds the function from an environment such as Lambda gives it (the local runtime passes the template's). */
    public SubmitBookingHandler(Map<String, String> environment) {
        this(AwsClients.dynamoDb(environment), required(environment, "TABLE_NAME"), PersonalData.fromEnv(environment),
                Limits.bookingsPerSource(environment), minimumNotice(environment), FunctionClock.of(environment));
    }

    private SubmitBookingHandler(DynamoDbClient dynamoDb, String tableName, PersonalData personalData,
                                 Optional<RateLimit> perSource, ToIntFunction<Node> minimumNotice, Clock clock) {
        this(new SubmitBookingService(new DynamoDbBookingRepository(dynamoDb, tableName, personalData),
                clock, ReferenceGenerator.secure(), SubmitBookingService.randomIds(),
                perSource.isPresent() ? new DynamoDbLimitCounter(dynamoDb, tableName) : null, perSource.orElse(null))
                .withMinimumNotice(minimumNotice));
        SnapStartPriming.of((event, answer) -> handleRequest(event, answer, null), dynamoDb, tableName).register();
    }

    /**
     * Each node's minimum notice in days, from the CoordinatorDirectory (COORDINATOR_DIRECTORY, the same JSON the
     * other functions read; its nodes' "visits"."minimumNoticeDays"); none without it.
     */
    static ToIntFunction<Node> minimumNotice(Map<String, String> environment) {
        String directory = environment.get("COORDINATOR_DIRECTORY");
        if (directory == null || directory.isBlank()) return node -> 0;
        CoordinatorDirectory parsed = CoordinatorDirectory.parse(directory);
        return node -> parsed.visitDefaults(node).minimumNoticeDays();
    }

    /** With the service given (tests, and the local gallery's sample stores). */
    public SubmitBookingHandler(SubmitBookingService service) {
        this.http = new HttpApiFunction(new SubmitBookingHttp(service).routes);
    }

    /** Lambda's entry (the Runtime API's JSON in and out). */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        http.handle(input, output, context);
    }

    /** The same with the event as an object (the tests' entry). */
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return http.handle(event, context);
    }
}
