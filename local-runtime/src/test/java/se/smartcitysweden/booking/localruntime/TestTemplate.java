package se.smartcitysweden.booking.localruntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;

/**
 * The repository's template.yaml plus test functions (echo, failing, slow, typed, a stream consumer and a
 * scheduled function with their table and queues), written with a
 * web/ folder (and a secret file beside it, which must never be served) into a temporary folder.
 */
final class TestTemplate {
    static final String EXTRA_RESOURCES = """
              EchoFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: se.smartcitysweden.booking.localruntime.testfunctions.EchoEventHandler::handleRequest
                  Events:
                    Echo:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref BookingApi
                        Path: /echo/{id}
                        Method: ANY
                    EchoRest:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref BookingApi
                        Path: /echo/{id}/{proxy+}
                        Method: GET
                    EchoFixed:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref BookingApi
                        Path: /echo/fixed
                        Method: GET
              FailingFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: se.smartcitysweden.booking.localruntime.testfunctions.FailingHandler::handleRequest
                  Events:
                    Fail:
                      Type: HttpApi
                      Properties:
                        ApiId: !Ref BookingApi
                        Path: /fail
                        Method: POST
              SlowFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: se.smartcitysweden.booking.localruntime.testfunctions.SlowHandler::handleRequest
                  Timeout: 1
              StreamTestTable:
                Type: AWS::DynamoDB::Table
                Properties:
                  BillingMode: PAY_PER_REQUEST
                  AttributeDefinitions:
                    - AttributeName: pk
                      AttributeType: S
                  KeySchema:
                    - AttributeName: pk
                      KeyType: HASH
                  StreamSpecification:
                    StreamViewType: NEW_AND_OLD_IMAGES
              StreamTestFailureQueue:
                Type: AWS::SQS::Queue
              StreamRecordingFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: se.smartcitysweden.booking.localruntime.testfunctions.StreamRecordingHandler::handleRequest
                  Events:
                    TestItems:
                      Type: DynamoDB
                      Properties:
                        Stream: !GetAtt StreamTestTable.StreamArn
                        StartingPosition: TRIM_HORIZON
                        BatchSize: 10
                        MaximumBatchingWindowInSeconds: 1
                        BisectBatchOnFunctionError: true
                        MaximumRetryAttempts: 2
                        MaximumRecordAgeInSeconds: 3600
                        FunctionResponseTypes: [ReportBatchItemFailures]
                        DestinationConfig:
                          OnFailure:
                            Type: SQS
                            Destination: !GetAtt StreamTestFailureQueue.Arn
                        FilterCriteria:
                          Filters:
                            - Pattern: '{"eventName": ["INSERT"], "dynamodb": {"NewImage": {"kind": {"S": [{"prefix": "test"}]}}}}'
              ScheduleTestDeadLetterQueue:
                Type: AWS::SQS::Queue
              ScheduledFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: se.smartcitysweden.booking.localruntime.testfunctions.ScheduledHandler::handleRequest
                  Events:
                    Mornings:
                      Type: ScheduleV2
                      Properties:
                        ScheduleExpression: cron(0 7 ? * MON-FRI *)
                        ScheduleExpressionTimezone: Europe/Stockholm
                        Input: '{"scheduledTime": "<aws.scheduler.scheduled-time>", "attempt": "<aws.scheduler.attempt-number>"}'
                        RetryPolicy:
                          MaximumRetryAttempts: 2
                          MaximumEventAgeInSeconds: 600
                        DeadLetterConfig:
                          Arn: !GetAtt ScheduleTestDeadLetterQueue.Arn
              EnvironmentFunction:
                Type: AWS::Serverless::Function
                Properties:
                  Handler: se.smartcitysweden.booking.localruntime.testfunctions.EnvironmentHandler::describe
                  Environment:
                    Variables:
                      GREETING: !Sub "hej from ${AWS::Region}"
            """;

    static final String INDEX_HTML = "<!doctype html><title>Boka</title><p>Boka ett besök</p>\n";
    static final String SECRET = "not for the web";

    private TestTemplate() { }

    /**
     * Writes the folder and returns the settings of a runtime in the test's own JVM on its template: the emulator
     * {@code moto}, free ports, the template's {@code parameters}, schedules fired only when a test asks.
     */
    static LocalRuntime.Settings settings(Path folder, se.smartcitysweden.booking.localaws.MotoServer moto,
                                          java.util.Map<String, String> parameters) throws IOException {
        Path template = write(folder);
        return new LocalRuntime.Settings(moto.endpoint(), "eu-north-1", template, template.getParent().resolve("web"),
                "127.0.0.1", 0, 0, parameters, java.util.Map.of("AWS_ENDPOINT_URL", moto.endpoint().toString()), false);
    }

    /** Writes the folder and returns the template's path. */
    static Path write(Path folder) throws IOException {
        String template = Files.readString(CloudFormationTemplate.locate(), StandardCharsets.UTF_8);
        String marker = "\nResources:\n";
        int at = template.indexOf(marker);
        if (at < 0) throw new IllegalStateException("template.yaml has no Resources section");
        String combined = template.substring(0, at + marker.length()) + EXTRA_RESOURCES
                + template.substring(at + marker.length());
        Path file = folder.resolve("template.yaml");
        Files.writeString(file, combined, StandardCharsets.UTF_8);
        Path web = Files.createDirectories(folder.resolve("web").resolve("css"));
        Files.writeString(folder.resolve("web").resolve("index.html"), INDEX_HTML, StandardCharsets.UTF_8);
        Files.writeString(web.resolve("site.css"), "body { margin: 0 }\n", StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("secret.txt"), SECRET, StandardCharsets.UTF_8);
        return file;
    }
}
