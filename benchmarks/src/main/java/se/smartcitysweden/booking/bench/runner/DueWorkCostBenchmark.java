package se.smartcitysweden.booking.bench.runner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.DynamoDbNotificationStore;
import se.smartcitysweden.booking.aws.SesMailSender;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FollowUpPlan;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.json.Json;
import se.smartcitysweden.booking.links.BookingLinks;
import se.smartcitysweden.booking.links.LinkSigner;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalResources;
import se.smartcitysweden.booking.localaws.MotoServer;
import se.smartcitysweden.booking.notification.BookingMails;
import se.smartcitysweden.booking.notification.CaseMails;
import se.smartcitysweden.booking.notification.CoordinatorDirectory;
import se.smartcitysweden.booking.notification.MailVisitorNotices;
import se.smartcitysweden.booking.notification.NotificationService;
import se.smartcitysweden.booking.overview.NationalDigest;
import se.smartcitysweden.booking.port.Mailbox;
import se.smartcitysweden.booking.schedule.FollowUpService;
import se.smartcitysweden.booking.validation.BookingRequestParser;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * How the scheduled follow-up's cost grows with the table: tables of growing size, each with 20
 * bookings due, 10 % waiting in the due-work index for later, and the rest handled. Counts the
 * items DynamoDB reads for a run (ScannedCount of its index queries) next to what a table scan
 * would read, and what the weekly digest reads. Writes its table into BENCHMARKS.md.
 */
public final class DueWorkCostBenchmark {
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final int DUE = 20;

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        List<Integer> sizes = new ArrayList<>();
        for (String size : System.getenv().getOrDefault("SIZES", "1000,5000,10000,20000,100000").split(",")) {
            sizes.add(Integer.parseInt(size.strip()));
        }
        String load = loadAverage();
        // The weekly digest reads the year's bookings; on moto that takes 1-3 ms per booking (every 1 MB page
        // walks the whole table: 287 s for 100,000), so above DIGEST_UP_TO (20,000) it is not run.
        int digestUpTo = Integer.parseInt(System.getenv().getOrDefault("DIGEST_UP_TO", "20000"));
        StringBuilder table = new StringBuilder("| bookings in the table | due | items read by the run | run time | a table scan would read | the weekly digest reads | digest time |\n|---|---|---|---|---|---|---|\n");
        try (MotoServer moto = MotoServer.start()) {
            LocalAwsClients clients = new LocalAwsClients(moto.endpoint());
            CloudFormationTemplate template = CloudFormationTemplate.load(repo.resolve("template.yaml"), "bench",
                    LocalAwsClients.REGION.id(), moto.endpoint().toString(), Map.of());
            String tableName = template.physicalName("BookingTable");
            DynamoDbClient dynamoDb = clients.dynamoDb();
            for (int size : sizes) {
                moto.reset();
                new LocalResources(template, clients).createAll();
                long seedStart = System.nanoTime();
                fill(dynamoDb, tableName, size);
                long seedMillis = (System.nanoTime() - seedStart) / 1_000_000;
                DynamoDbBookingCaseRepository cases = new DynamoDbBookingCaseRepository(dynamoDb, tableName);
                FollowUpService service = service(template, clients, dynamoDb, tableName, cases);
                Instant thursday = LocalDate.parse("2027-03-04").atTime(7, 0).atZone(SWEDEN).toInstant();
                cases.claimOnce("digest-2027-W09", thursday, Duration.ofDays(30)); // measured on its own below
                long start = System.nanoTime();
                FollowUpService.RunReport report = service.run(thursday);
                long runMillis = (System.nanoTime() - start) / 1_000_000;
                long runRead = cases.itemsRead();
                // A scan reads every item; moto counts them exactly (DynamoDB updates ItemCount every few hours).
                long scan = dynamoDb.describeTable(r -> r.tableName(tableName)).table().itemCount();
                String digest = "not run";
                if (size <= digestUpTo) {
                    long before = cases.itemsRead();
                    long digestStart = System.nanoTime();
                    new NationalDigest(cases, caseMails(template, clients)).mail("2027-W09", thursday);
                    long digestMillis = (System.nanoTime() - digestStart) / 1_000_000;
                    digest = String.format("%,d | %,d ms", cases.itemsRead() - before, digestMillis);
                } else {
                    digest = "all (" + String.format("%,d", size) + ", not run) | –";
                }
                System.out.printf("%,d bookings (seeded in %d ms): %d due, run read %d items in %d ms; a scan reads %,d; "
                        + "digest: %s%n", size, seedMillis, report.dueCases(), runRead, runMillis, scan, digest);
                table.append(String.format("| %,d | %d | **%d** | %d ms | %,d | %s |%n", size, report.dueCases(),
                        runRead, runMillis, scan, digest));
            }
        }
        String section = "### Results (" + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC)\n\n"
                + "`benchmarks/cost.sh` (SIZES=" + sizes.toString().replace(" ", "") + "): each table holds 20 bookings due on "
                + "Thursday 4 March 2027 07:00, 10 % of the rest waiting in the due-work index for a later day, and the "
                + "rest handled (outside the sparse index). Items read = DynamoDB's ScannedCount of the run's queries; "
                + "run time includes sending the 20 reminders through the local SES (moto), so it measures moto more "
                + "than our code: moto's Query walks every item of the table, index or not, so its time grows with the "
                + "table while the items DynamoDB reads stay 20. The digest is run up to DIGEST_UP_TO=" + digestUpTo
                + " bookings. Load average (1, 5, 15 min) " + load + " at the start, "
                + loadAverage() + " at the end.\n\n" + table;
        ColdStartBenchmark.updateBenchmarksMd(repo.resolve("BENCHMARKS.md"), section + "\n", "<!-- cost:begin (written by benchmarks/cost.sh; edits here are overwritten) -->",
                "<!-- cost:end -->");
        System.out.println(section);
    }

    /** Writes the table in BatchWriteItem chunks of 25, {@code SEED_THREADS} (4) at a time. */
    private static void fill(DynamoDbClient dynamoDb, String tableName, int size) throws Exception {
        LocalDate monday = LocalDate.parse("2027-03-01");
        Instant created = monday.atTime(9, 0).atZone(SWEDEN).toInstant();
        BookingRequest request = BookingRequestParser.parse(Json.parse(SAMPLE.formatted("2027-05-10", "2027-05-11")), monday)
                .request().orElseThrow();
        ExecutorService pool = Executors.newFixedThreadPool(Integer.parseInt(System.getenv().getOrDefault("SEED_THREADS", "4")));
        try {
            List<Future<?>> writes = new ArrayList<>();
            List<WriteRequest> batch = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                Booking booking = new Booking(UUID.randomUUID().toString(), "UME-" + i, BookingStatus.SUBMITTED, created, request);
                Map<String, AttributeValue> item = new HashMap<>(DynamoDbBookingRepository.bookingItem(booking));
                item.put("notification", AttributeValue.fromS("sent"));
                if (i >= DUE) {
                    if (i % 10 == 0) {
                        item.put("dueAt", AttributeValue.fromS("2027-06-01T05:00:00Z")); // waiting for a later day
                        item.put("status", AttributeValue.fromS("confirmed"));
                    } else {
                        item.put("status", AttributeValue.fromS("followed-up"));
                        item.remove("dueBucket");
                        item.remove("dueAt");
                    }
                }
                batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
                if (batch.size() == 25 || i == size - 1) {
                    Map<String, List<WriteRequest>> chunk = Map.of(tableName, List.copyOf(batch));
                    writes.add(pool.submit(() -> write(dynamoDb, chunk)));
                    batch.clear();
                }
            }
            for (Future<?> write : writes) write.get();
        } finally {
            pool.shutdown();
        }
    }

    private static void write(DynamoDbClient dynamoDb, Map<String, List<WriteRequest>> items) {
        while (!items.isEmpty()) {
            BatchWriteItemResponse response = dynamoDb.batchWriteItem(BatchWriteItemRequest.builder().requestItems(items).build());
            items = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
        }
    }

    private static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return parts[0] + ", " + parts[1] + ", " + parts[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static CaseMails caseMails(CloudFormationTemplate template, LocalAwsClients clients) {
        return new CaseMails(new Mailbox("Smart City Sweden", template.parameter("SenderAddress")),
                CoordinatorDirectory.parse(template.parameter("CoordinatorDirectory")),
                new BookingLinks("http://localhost:3000", signer()), Language.SV);
    }

    private static LinkSigner signer() {
        return new LinkSigner("benchmark-link-secret-of-at-least-32-bytes".getBytes(StandardCharsets.UTF_8));
    }

    private static FollowUpService service(CloudFormationTemplate template, LocalAwsClients clients, DynamoDbClient dynamoDb,
                                           String tableName, DynamoDbBookingCaseRepository cases) {
        Mailbox sender = new Mailbox("Smart City Sweden", template.parameter("SenderAddress"));
        CoordinatorDirectory directory = CoordinatorDirectory.parse(template.parameter("CoordinatorDirectory"));
        BookingLinks links = new BookingLinks("http://localhost:3000", signer());
        SesMailSender mailSender = new SesMailSender(clients.ses(), null);
        CaseMails caseMails = new CaseMails(sender, directory, links, Language.SV);
        WorkingDays workingDays = WorkingDays.sweden();
        return new FollowUpService(cases, new FollowUpPlan(workingDays), workingDays, caseMails, mailSender,
                new NotificationService(new DynamoDbNotificationStore(dynamoDb, tableName), mailSender,
                        new BookingMails(sender, directory, links, Language.SV), Clock.systemUTC()),
                new MailVisitorNotices(caseMails, mailSender), new NationalDigest(cases, caseMails));
    }

    private static final String SAMPLE = "{\"node\":\"umea\",\"language\":\"en\",\"mainGoal\":\"learning\","
            + "\"purpose\":\"Study visit\",\"focusAreas\":[\"energy\",\"climate\"],"
            + "\"preferredDates\":[{\"from\":\"%s\",\"to\":\"%s\"}],\"expectedParticipants\":8,"
            + "\"contact\":{\"name\":\"Ana Souza\",\"email\":\"ana@example.org\",\"country\":\"PT\"},"
            + "\"acceptsCosts\":true,\"consent\":true}";
}
