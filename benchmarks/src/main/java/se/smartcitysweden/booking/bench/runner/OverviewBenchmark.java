package se.smartcitysweden.booking.bench.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import se.smartcitysweden.booking.aws.BookingTable;
import se.smartcitysweden.booking.aws.DynamoDbBookingCaseRepository;
import se.smartcitysweden.booking.aws.DynamoDbBookingRepository;
import se.smartcitysweden.booking.aws.DynamoDbOverviewRows;
import se.smartcitysweden.booking.aws.WorkflowDocument;
import se.smartcitysweden.booking.domain.Booking;
import se.smartcitysweden.booking.domain.BookingCase;
import se.smartcitysweden.booking.domain.BookingRequest;
import se.smartcitysweden.booking.domain.BookingStatus;
import se.smartcitysweden.booking.domain.FocusArea;
import se.smartcitysweden.booking.domain.Language;
import se.smartcitysweden.booking.domain.MainGoal;
import se.smartcitysweden.booking.domain.Node;
import se.smartcitysweden.booking.domain.OverviewRow;
import se.smartcitysweden.booking.domain.Workflow;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalResources;
import se.smartcitysweden.booking.localaws.MotoServer;
import se.smartcitysweden.booking.overview.NationalOverview;
import se.smartcitysweden.booking.overview.OverviewBackfill;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The national overview over one year of a busy programme: BOOKINGS bookings (5,000) over the
 * six nodes in 2026, with answers, visits, outcomes and ratings, stored in moto, and their overview
 * rows recorded as the overview rows function's rebuild records them. Reads the page as the console
 * does (the rows: one BatchGetItem of the 72 node-months) and, beside it, the bookings as the
 * exports do (one byNode query per node for the year), and builds the page, CSV and workbook; RUNS
 * times (5), the first in a fresh JVM. Checks that both reads give the same page. Writes its
 * section at the end of BENCHMARKS.md.
 */
public final class OverviewBenchmark {
    private static final LocalDate FROM = LocalDate.parse("2026-01-01");
    private static final LocalDate TO = LocalDate.parse("2026-12-31");
    /** A busy node gets more: Stockholm 30 %, Göteborg 20 %, Malmö 15 %, the others 11–12 %. */
    private static final int[] WEIGHTS = {30, 20, 15, 11, 12, 12};
    private static final String[] COUNTRIES = {"DE", "US", "JP", "CN", "KR", "IN", "BR", "KE", "GB", "FR", "NL", "PL", "CA",
        "AU", "ZA", "NG", "VN", "ID", "MX", "CL", ""};

    record Run(long itemsRead, long rawMillis, long parallelMillis, long readMillis, long htmlMillis, long csvMillis, long xlsxMillis, int htmlKb, int csvKb,
               int xlsxKb, long rowItems, long batchGets, int rows, long rowsReadMillis, long rowsHtmlMillis,
               long rowsCsvMillis, long rowsXlsxMillis, long visitReportMillis, int visits, long longPeriodMillis, long longPeriodKeys) {
        /** The old page: the bookings read through byNode, then counted. */
        long overviewMillis() {
            return readMillis + htmlMillis;
        }

        /** The page now: the rows read, then counted. */
        long rowsPageMillis() {
            return rowsReadMillis + rowsHtmlMillis;
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath();
        int size = Integer.parseInt(System.getenv().getOrDefault("BOOKINGS", "5000"));
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "5"));
        List<Run> results = new ArrayList<>();
        long tableItems;
        long rebuildMillis;
        try (MotoServer moto = MotoServer.start()) {
            LocalAwsClients clients = new LocalAwsClients(moto.endpoint());
            CloudFormationTemplate template = CloudFormationTemplate.load(repo.resolve("template.yaml"), "bench",
                    LocalAwsClients.REGION.id(), moto.endpoint().toString(), Map.of());
            String tableName = template.physicalName("BookingTable");
            String overviewTable = template.physicalName("OverviewTable");
            DynamoDbClient dynamoDb = clients.dynamoDb();
            new LocalResources(template, clients).createAll();
            fill(dynamoDb, tableName, size);
            // The rows, as the function's rebuild records them for bookings stored before it.
            long rebuildStart = System.nanoTime();
            int rebuilt = new OverviewBackfill(new DynamoDbBookingCaseRepository(dynamoDb, tableName),
                    new DynamoDbOverviewRows(dynamoDb, overviewTable)).rebuild(FROM, TO);
            rebuildMillis = ms(System.nanoTime() - rebuildStart);
            if (rebuilt != size) throw new IllegalStateException("rebuilt " + rebuilt + " rows of " + size + " bookings");
            System.out.printf("rebuild: %d rows in %d ms%n", rebuilt, rebuildMillis);
            tableItems = dynamoDb.scanPaginator(r -> r.tableName(tableName).select("COUNT")).stream()
                    .mapToLong(page -> page.count()).sum();
            for (int i = 0; i < runs; i++) {
                Run run = run(dynamoDb, tableName, overviewTable, new DynamoDbBookingCaseRepository(dynamoDb, tableName));
                System.out.printf("run %d: %s%n", i + 1, run);
                results.add(run);
            }
        }
        write(repo, size, tableItems, rebuildMillis, results);
    }

    /** What the console's overview page and its exports do for the year. */
    private static Run run(DynamoDbClient dynamoDb, String tableName, String overviewTable, DynamoDbBookingCaseRepository cases) {
        Instant from = FROM.atStartOfDay(Booking.SWEDISH_TIME).toInstant();
        Instant to = TO.plusDays(1).atStartOfDay(Booking.SWEDISH_TIME).toInstant().minusMillis(1);
        // The same six queries, items left as they come: what the emulator itself takes.
        long raw = System.nanoTime();
        for (Node node : Node.values()) {
            dynamoDb.queryPaginator(r -> r.tableName(tableName).indexName(BookingTable.INDEX_BY_NODE)
                    .keyConditionExpression("#node = :node AND " + BookingTable.CREATED_AT + " BETWEEN :from AND :to")
                    .expressionAttributeNames(Map.of("#node", BookingTable.NODE))
                    .expressionAttributeValues(Map.of(":node", AttributeValue.fromS(node.id()),
                            ":from", AttributeValue.fromS(from.toString()), ":to", AttributeValue.fromS(to.toString()))))
                    .stream().forEach(page -> page.count());
        }
        // The six reads at once (each node's query on its own thread), as a console could do them.
        long parallel = System.nanoTime();
        List<BookingCase> atOnce = java.util.Arrays.stream(Node.values()).parallel()
                .flatMap(node -> new DynamoDbBookingCaseRepository(dynamoDb, tableName).submittedBetween(node, from, to).stream())
                .toList();
        long start = System.nanoTime();
        List<BookingCase> year = new ArrayList<>();
        for (Node node : Node.values()) year.addAll(cases.submittedBetween(node, from, to));
        long read = System.nanoTime();
        if (year.size() != atOnce.size()) throw new IllegalStateException("the parallel read found other bookings");
        NationalOverview overview = NationalOverview.of(year, FROM, TO, EnumSet.allOf(Node.class), Language.SV);
        String html = overview.html();
        long page = System.nanoTime();
        byte[] csv = overview.csv();
        long csvDone = System.nanoTime();
        byte[] xlsx = overview.xlsx();
        long xlsxDone = System.nanoTime();
        // The page as the console reads it now: the year's rows of the six nodes.
        DynamoDbOverviewRows stored = new DynamoDbOverviewRows(dynamoDb, overviewTable);
        long rowsStart = System.nanoTime();
        List<OverviewRow> rows = stored.between(EnumSet.allOf(Node.class), FROM, TO);
        long rowsRead = System.nanoTime();
        String rowsHtml = NationalOverview.ofRows(rows, FROM, TO, EnumSet.allOf(Node.class), Language.SV).html();
        long rowsPage = System.nanoTime();
        // The page's own reads, before the exports read the rows again.
        long pageItems = stored.itemsRead(), pageBatches = stored.batchGets();
        if (!rowsHtml.equals(html)) throw new IllegalStateException("the page from the rows differs from the page from the bookings");
        // The exports as the console makes them now: the same rows read again, then the CSV, and the workbook.
        long exportStart = System.nanoTime();
        byte[] rowsCsv = NationalOverview.ofRows(stored.between(EnumSet.allOf(Node.class), FROM, TO), FROM, TO,
                EnumSet.allOf(Node.class), Language.SV).csv();
        long rowsCsvDone = System.nanoTime();
        byte[] rowsXlsx = NationalOverview.ofRows(stored.between(EnumSet.allOf(Node.class), FROM, TO), FROM, TO,
                EnumSet.allOf(Node.class), Language.SV).xlsx();
        long rowsXlsxDone = System.nanoTime();
        if (!java.util.Arrays.equals(rowsCsv, csv)) throw new IllegalStateException("the CSV from the rows differs from the one from the bookings");
        if (rowsXlsx.length == 0) throw new IllegalStateException("no workbook");
        // The year by visit date: the rows of the year and of the three years before it (a visit is agreed up to
        // three years after its request), those whose visit begins in the year kept.
        long visitStart = System.nanoTime();
        NationalOverview byVisit = NationalOverview.ofRows(stored.between(EnumSet.allOf(Node.class),
                FROM.minusMonths(se.smartcitysweden.booking.console.ConsoleService.VISIT_LOOKBACK_MONTHS), TO), FROM, TO,
                EnumSet.allOf(Node.class), Language.SV, se.smartcitysweden.booking.overview.ReportBasis.VISIT);
        byVisit.html();
        long visitDone = System.nanoTime();
        int visits = (int) year.stream().filter(c -> c.workflow().visit().map(v -> !v.from().isAfter(TO)).orElse(false)).count();
        // The longest period the console takes: 2020-01-01 to the end of next year, by visit date (the most keys).
        LocalDate longFrom = LocalDate.parse("2020-01-01"), longTo = LocalDate.of(LocalDate.now().getYear() + 1, 12, 31);
        DynamoDbOverviewRows longRead = new DynamoDbOverviewRows(dynamoDb, overviewTable);
        long longStart = System.nanoTime();
        NationalOverview.ofRows(longRead.between(EnumSet.allOf(Node.class),
                longFrom.minusMonths(se.smartcitysweden.booking.console.ConsoleService.VISIT_LOOKBACK_MONTHS), longTo), longFrom, longTo,
                EnumSet.allOf(Node.class), Language.SV, se.smartcitysweden.booking.overview.ReportBasis.VISIT).html();
        long longDone = System.nanoTime();
        return new Run(cases.itemsRead(), ms(parallel - raw), ms(start - parallel), ms(read - start), ms(page - read), ms(csvDone - page), ms(xlsxDone - csvDone),
                html.length() / 1024, csv.length / 1024, xlsx.length / 1024, pageItems, pageBatches, rows.size(),
                ms(rowsRead - rowsStart), ms(rowsPage - rowsRead), ms(rowsCsvDone - exportStart), ms(rowsXlsxDone - rowsCsvDone),
                ms(visitDone - visitStart), visits, ms(longDone - longStart), longRead.batchGets());
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    private static void fill(DynamoDbClient dynamoDb, String tableName, int size) {
        Random random = new Random(2026);
        List<WriteRequest> batch = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            BookingCase c = booking(random, i);
            Map<String, AttributeValue> item = new HashMap<>(DynamoDbBookingRepository.bookingItem(c.booking()));
            item.put(DynamoDbBookingCaseRepository.WORKFLOW, AttributeValue.fromS(WorkflowDocument.write(c.workflow())));
            item.put(BookingTable.NOTIFICATION, AttributeValue.fromS("sent"));
            item.remove(BookingTable.DUE_BUCKET);
            item.remove(BookingTable.DUE_AT);
            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
            if (batch.size() == 25 || i == size - 1) {
                List<WriteRequest> chunk = List.copyOf(batch);
                dynamoDb.batchWriteItem(r -> r.requestItems(Map.of(tableName, chunk)));
                batch.clear();
            }
        }
    }

    /** A booking of 2026 at a weighted node, answered (85 %) within hours to days, some visited, rated, followed up. */
    private static BookingCase booking(Random random, int i) {
        int pick = random.nextInt(100), n = 0;
        for (int sum = WEIGHTS[0]; pick >= sum; sum += WEIGHTS[++n]) { }
        Node node = Node.values()[n];
        LocalDate day = FROM.plusDays(random.nextInt(365));
        Instant created = day.atTime(LocalTime.of(8 + random.nextInt(10), random.nextInt(60))).atZone(Booking.SWEDISH_TIME)
                .toInstant();
        List<FocusArea> areas = new ArrayList<>();
        for (FocusArea a : FocusArea.values()) if (random.nextInt(4) == 0) areas.add(a);
        if (areas.isEmpty()) areas.add(FocusArea.values()[random.nextInt(FocusArea.values().length)]);
        int participants = 1 + (int) Math.min(199, Math.abs(random.nextGaussian() * 18));
        List<BookingRequest.Participant> named = new ArrayList<>();
        for (int p = 0; p < Math.min(participants, 5); p++) {
            named.add(new BookingRequest.Participant("Participant " + p, "Organisation " + i, "Role", "p" + p + "@example.org", "DE"));
        }
        BookingRequest request = new BookingRequest(node, random.nextBoolean() ? Language.EN : Language.SV,
                MainGoal.values()[random.nextInt(MainGoal.values().length)], "A study visit on district heating and mobility.",
                areas, "", Optional.of(random.nextBoolean()), "", "",
                List.of(new BookingRequest.DateRange(day.plusDays(40), day.plusDays(41))), participants, named,
                new BookingRequest.Contact("Contact " + i, "contact" + i + "@example.org", "+46 70 000 00 00", "Organisation " + i,
                        COUNTRIES[random.nextInt(COUNTRIES.length)]), Optional.empty(), "");
        Workflow w = Workflow.empty();
        BookingStatus status = BookingStatus.SUBMITTED;
        if (random.nextInt(100) < 85) {
            Instant answered = created.plus(Duration.ofMinutes(20 + (long) (-Math.log(1 - random.nextDouble()) * 20 * 60)));
            String actor = "coordinator:" + node.id();
            w = w.with(new Workflow.HistoryEntry(answered, actor, "acknowledge", ""));
            status = BookingStatus.ACKNOWLEDGED;
            int stage = random.nextInt(10);
            if (stage == 0) {
                w = w.withReason("Fully booked.").with(new Workflow.HistoryEntry(answered, actor, "decline", ""));
                status = BookingStatus.DECLINED;
            } else if (stage >= 3) {
                w = w.withVisit(new Workflow.Visit(day.plusDays(40), day.plusDays(41)))
                        .with(new Workflow.HistoryEntry(answered.plusSeconds(86_400), actor, "confirm", ""));
                status = BookingStatus.CONFIRMED;
                if (stage >= 5) {
                    Instant visited = day.plusDays(42).atStartOfDay(Booking.SWEDISH_TIME).toInstant();
                    w = w.with(new Workflow.HistoryEntry(visited, actor, "complete", ""));
                    status = BookingStatus.COMPLETED;
                    if (random.nextBoolean()) w = w.withFeedback(new Workflow.Feedback(1 + random.nextInt(5), "Thank you!", visited));
                    if (stage >= 7) {
                        w = w.withOutcome(new Workflow.Outcome("Met companies.", List.of("Company A", "Company B").subList(0,
                                random.nextInt(3)), random.nextBoolean(), visited.plusSeconds(86_400 * 10)));
                        status = BookingStatus.FOLLOWED_UP;
                    }
                }
            }
        }
        String reference = node.referencePrefix() + "-" + String.format("%05d", i);
        return new BookingCase(new Booking("bench-" + i, reference, status, created, request), 1, w, "sent");
    }

    private static void write(Path repo, int size, long tableItems, long rebuildMillis, List<Run> runs) throws Exception {
        List<Run> warm = runs.size() > 1 ? runs.subList(1, runs.size()) : runs;
        Run first = runs.get(0);
        Run median = warm.stream().sorted((a, b) -> Long.compare(a.rowsPageMillis(), b.rowsPageMillis())).toList()
                .get(warm.size() / 2);
        Run oldMedian = warm.stream().sorted((a, b) -> Long.compare(a.overviewMillis(), b.overviewMillis())).toList()
                .get(warm.size() / 2);
        StringBuilder page = new StringBuilder("| run | items read | BatchGetItem calls | rows | read | page (figures + HTML) | read + page |\n"
                + "|---|---|---|---|---|---|---|\n");
        page.append(rowsRow("first (fresh JVM)", first)).append(rowsRow("median of the next " + warm.size(), median));
        Run exportMedian = warm.stream().sorted((a, b) -> Long.compare(a.rowsCsvMillis() + a.rowsXlsxMillis(),
                b.rowsCsvMillis() + b.rowsXlsxMillis())).toList().get(warm.size() / 2);
        StringBuilder exports = new StringBuilder("| run | CSV (read + write) | xlsx (read + write) | year by visit date (read + page) | visits in it | longest period (read + page) | its BatchGetItem calls |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (Run r : List.of(first, exportMedian)) {
            exports.append(String.format("| %s | **%d ms** | **%d ms** | %d ms | %,d | %d ms | %d |%n", r == first ? "first (fresh JVM)"
                    : "median of the next " + warm.size(), r.rowsCsvMillis(), r.rowsXlsxMillis(), r.visitReportMillis(), r.visits(),
                    r.longPeriodMillis(), r.longPeriodKeys()));
        }
        StringBuilder table = new StringBuilder("| run | items read | 6 byNode queries | the same, items not parsed (moto alone) | the 6 in parallel | page (figures + HTML) | read + page | CSV | xlsx |\n"
                + "|---|---|---|---|---|---|---|---|---|\n");
        table.append(row("first (fresh JVM)", first)).append(row("median of the next " + warm.size(), oldMedian));
        String section = "### Results (" + Instant.now().toString().substring(0, 16).replace('T', ' ') + " UTC)\n\n"
                + String.format("`benchmarks/overview.sh` (BOOKINGS=%d, RUNS=%d): %,d bookings of 2026 over the six nodes "
                + "(%,d items in the booking table; the 72 node-month items of overview rows in their own table, recorded by the "
                + "overview rows function's rebuild in %.1f s), then `NationalOverview` in Swedish. Both reads give the same "
                + "page (checked every run). Page %d KB, CSV %d KB, xlsx %d KB. The machine's load average at the end: %s "
                + "(2 cores; other work running beside the benchmark makes every figure slower alike).%n%n", size, runs.size(), size, tableItems,
                rebuildMillis / 1000.0, first.htmlKb(), first.csvKb(), first.xlsxKb(), loadAverage())
                + "**The page** (`/console/overview`): the year's overview rows, one BatchGetItem of the six nodes' 12 "
                + "months (`DynamoDbOverviewRows.between`); items read = items BatchGetItem returned.\n\n"
                + page
                + "\n**The exports now** (`&format=csv|xlsx`, issue 21): the same rows read again and written out (the CSV is "
                + "checked to be the one made from the bookings); **the year by visit date** (the default report: the rows of "
                + "the year and the 36 months before it, those whose visit begins in the year kept); and **the longest period "
                + "the console takes** (2020-01-01 to the end of next year, by visit date: every node-month from 2017).\n\n"
                + exports
                + "\n**Before the rows** (the exports until issue 21, and the page before the rows): one `byNode` query per node for the "
                + "year (`DynamoDbBookingCaseRepository.submittedBetween`); items read = DynamoDB's ScannedCount.\n\n"
                + table;
        ColdStartBenchmark.updateBenchmarksMd(repo.resolve("BENCHMARKS.md"), section + "\n", "<!-- overview:begin (written by benchmarks/overview.sh; edits here are overwritten) -->",
                "<!-- overview:end -->");
        System.out.println(section);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String rowsRow(String name, Run r) {
        return String.format("| %s | %,d | %d | %,d | %d ms | %d ms | **%d ms** |%n", name, r.rowItems(), r.batchGets(), r.rows(),
                r.rowsReadMillis(), r.rowsHtmlMillis(), r.rowsPageMillis());
    }

    private static String row(String name, Run r) {
        return String.format("| %s | %,d | %d ms | %d ms | %d ms | %d ms | **%d ms** | %d ms | %d ms |%n", name,
                r.itemsRead(), r.readMillis(), r.rawMillis(), r.parallelMillis(), r.htmlMillis(), r.overviewMillis(), r.csvMillis(), r.xlsxMillis());
    }
}
