package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import se.smartcitysweden.booking.domain.WorkingDays;
import se.smartcitysweden.booking.localaws.LocalAwsClients;
import se.smartcitysweden.booking.localaws.LocalIam;
import se.smartcitysweden.booking.localaws.CloudFormationTemplate;
import se.smartcitysweden.booking.localaws.LocalMailbox;
import se.smartcitysweden.booking.localaws.LocalMailbox.Attachment;
import se.smartcitysweden.booking.localaws.LocalMailbox.SentMail;
import se.smartcitysweden.booking.localaws.MotoServer;

/**
 * A booking's whole life in the local stack, played as people with a mailbox would play it: the
 * visitor posts the form, the coordinator and the visitor follow the links in the e-mails they get,
 * and the national office reads its Monday digest. The stack is the repository's template.yaml as
 * {@code make run} runs it (its own JVM, the real functions, moto_server on a free port, links
 * pointing at the local API); only HTTP goes in, and the e-mails the local SES accepted come out.
 * The follow-up's clock is the scheduled time it is given, so its runs travel to the visit's days.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifeCycleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ZoneId SWEDEN = ZoneId.of("Europe/Stockholm");
    private static final DateTimeFormatter SCHEDULED_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final Duration MAIL_WAIT = Duration.ofSeconds(15);
    private static final String COORDINATOR = "malmo@example.org";
    private static final String VISITOR = "ingrid@example.org";
    private static final String NATIONAL_OFFICE = "national-office@example.org";
    /** A link as the e-mails' text parts show it; the token is base64url, a dot, base64url. */
    private static final Pattern MANAGE_LINK =
            Pattern.compile("https?://[^\\s/]+/bookings/[A-Za-z0-9_-]+/manage\\?token=[A-Za-z0-9_.-]+");
    private static final Pattern FEEDBACK_LINK =
            Pattern.compile("https?://[^\\s/]+/bookings/[A-Za-z0-9_-]+/feedback\\?token=[A-Za-z0-9_.-]+");

    private static MotoServer moto;
    private static ChildRuntime runtime;
    private static URI api;
    private static URI lambda;
    private static LocalMailbox mailbox;

    @BeforeAll
    static void startTheLocalStack() throws Exception {
        moto = MotoServer.start();
        mailbox = new LocalMailbox(moto.endpoint());
        int apiPort = MotoServer.freePort();
        int lambdaPort = MotoServer.freePort();
        api = URI.create("http://localhost:" + apiPort);
        lambda = URI.create("http://localhost:" + lambdaPort);

        // As local-runtime/run.sh: the repository's template, and e-mail links that open this runtime's pages.
        // A failing batch is retried the template's 8 times, at most half a second apart (not 10 s).
        runtime = ChildRuntime.start(moto.endpoint(), apiPort, lambdaPort, Map.of(
                "LOCAL_TEMPLATE", CloudFormationTemplate.locate().toAbsolutePath().toString(),
                "PARAMETER_OVERRIDES", "PublicBaseUrl=" + api, "LOCAL_STREAM_RETRY_MAX_MILLIS", "500"));
    }

    @AfterAll
    static void stopTheLocalStack() {
        if (runtime != null) runtime.close();
        if (moto != null) moto.close();
    }

    @Test
    @Order(1) // first: its follow-up runs and the week's digest count this booking alone
    void aBookingsWholeLifeIsPlayedFromTheEmailsAloneAndTheNationalDigestShowsIt() throws Exception {
        LocalDate today = LocalDate.now(SWEDEN);
        WorkingDays workingDays = WorkingDays.sweden();
        // The visit is today: the manage function runs on the wall clock, and a visit can be marked
        // done only from its first day. The follow-up's runs travel in time around it.
        LocalDate visit = today;

        // 1. The visitor sends the booking form.
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(booking(visit))));
        assertEquals(201, submitted.statusCode(), submitted.body());
        JsonNode created = JSON.readTree(submitted.body());
        String id = created.path("id").asText();
        String reference = created.path("reference").asText();
        assertEquals("submitted", created.path("status").asText());
        assertFalse(reference.isBlank(), submitted.body());

        // 2. The node's coordinator gets the request in Swedish, replying to the visitor; the visitor a receipt.
        SentMail request = awaitMail("the coordinator's new-booking e-mail", mail -> sentTo(mail, COORDINATOR)
                && mail.subject().startsWith("Ny besöksförfrågan " + reference));
        assertTrue(request.replyTo().stream().anyMatch(address -> address.contains(VISITOR)), "Reply-To: " + request.replyTo());
        assertTrue(request.text().contains("Hantera förfrågan"), "Swedish: " + request.text());
        SentMail receipt = awaitMail("the visitor's acknowledgement", mail -> sentTo(mail, VISITOR)
                && mail.subject().equals("We have received your visit request " + reference));
        assertTrue(receipt.text().contains(reference), receipt.text());
        URI requestLink = link(request, MANAGE_LINK);
        assertEquals(api.getAuthority(), requestLink.getAuthority(), "the e-mail's link opens the local API");
        assertTrue(requestLink.getPath().equals("/bookings/" + id + "/manage"), requestLink.toString());

        // 3. The coordinator opens the booking, acknowledges it with the page's form, then confirms a day.
        HttpResponse<String> page = browse(requestLink);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains(reference), "the page shows the reference");
        assertTrue(page.body().contains("status-submitted"), "still unanswered");
        HttpResponse<String> acknowledged = submitForm(requestLink, page.body(), "acknowledge", Map.of());
        assertEquals(200, acknowledged.statusCode(), acknowledged.body());
        assertTrue(acknowledged.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(acknowledged.body().contains("status-acknowledged"), "the page shows the new state");
        assertTrue(acknowledged.body().contains("Mottagandet är bekräftat"), "and says what happened");

        JsonNode confirmed = action(requestLink, "{\"action\":\"confirm\",\"date\":\"" + visit + "\"}");
        assertEquals("confirmed", confirmed.path("status").asText(), confirmed.toString());
        assertEquals(visit.toString(), confirmed.path("visit").path("date").asText());
        SentMail confirmation = awaitMail("the visitor's confirmation", mail -> sentTo(mail, VISITOR)
                && mail.subject().startsWith("Your visit " + reference + " is confirmed"));
        Attachment invite = confirmation.attachments().stream().filter(a -> a.fileName().endsWith(".ics")).findFirst()
                .orElseThrow(() -> new AssertionError("no .ics in the confirmation: " + confirmation.attachments()));
        String ics = new String(invite.content(), StandardCharsets.UTF_8);
        assertTrue(ics.contains("BEGIN:VCALENDAR") && ics.contains("METHOD:REQUEST"), ics);
        assertTrue(ics.contains("DTSTART;VALUE=DATE:" + visit.format(DateTimeFormatter.BASIC_ISO_DATE)), ics);

        // 4. A week before the visit, on its working morning, the follow-up reminds both sides...
        LocalDate weekBeforeRun = workingDayFrom(visit.minusDays(7), workingDays);
        JsonNode weekBefore = followUp(weekBeforeRun);
        assertTrue(weekBefore.path("workingDay").asBoolean(), weekBefore.toString());
        assertEquals(2, weekBefore.path("tasksDone").asInt(), "preparation and practical information: " + weekBefore);
        SentMail prepare = awaitMail("the coordinator's preparation reminder", mail -> sentTo(mail, COORDINATOR)
                && mail.subject().startsWith("Besök " + reference + " om "
                + java.time.temporal.ChronoUnit.DAYS.between(weekBeforeRun, visit) + " dagar")); // 7, or fewer after a weekend
        assertTrue(MANAGE_LINK.matcher(prepare.text()).find(), "the reminder links the booking: " + prepare.text());
        awaitMail("the visitor's practical information", mail -> sentTo(mail, VISITOR)
                && mail.subject().startsWith("Your visit to Smart City Sweden on"));

        // ... and the day after it asks the coordinator for the outcome and thanks the visitor.
        LocalDate nextWorkingDay = workingDayFrom(visit.plusDays(1), workingDays);
        JsonNode dayAfter = followUp(nextWorkingDay);
        assertEquals(2, dayAfter.path("tasksDone").asInt(), "visit done and thanks: " + dayAfter);
        SentMail visitDone = awaitMail("the coordinator's visit-done e-mail", mail -> sentTo(mail, COORDINATOR)
                && mail.subject().startsWith("Besöket " + reference + " är genomfört"));
        SentMail thanks = awaitMail("the visitor's thank-you", mail -> sentTo(mail, VISITOR)
                && mail.subject().equals("Thank you for visiting Smart City Sweden"));
        int mailsSoFar = mailbox.messages().size();
        JsonNode again = followUp(nextWorkingDay);
        assertEquals(0, again.path("tasksDone").asInt(), "a schedule fired twice sends nothing twice: " + again);
        assertEquals(mailsSoFar, mailbox.messages().size(), "no e-mail sent twice");

        // 5. The visitor follows the feedback link and rates the visit.
        URI feedbackLink = link(thanks, FEEDBACK_LINK);
        HttpResponse<String> feedbackPage = browse(feedbackLink);
        assertEquals(200, feedbackPage.statusCode(), feedbackPage.body());
        assertTrue(feedbackPage.body().contains("How was your visit?"), "in the visitor's language");
        assertTrue(feedbackPage.body().contains(reference), feedbackPage.body());
        HttpResponse<String> rated = submitForm(feedbackLink, feedbackPage.body(), null,
                Map.of("rating", "5", "comment", "Mycket givande – tack, Malmö!"));
        assertEquals(200, rated.statusCode(), rated.body());
        assertTrue(rated.body().contains("Thank you for your feedback!"), rated.body());

        // 6. From the visit-done e-mail the coordinator marks the visit completed and records the outcome.
        URI doneLink = link(visitDone, MANAGE_LINK);
        JsonNode completed = action(doneLink, "{\"action\":\"complete\",\"attended\":12}");
        assertEquals("completed", completed.path("status").asText(), completed.toString());
        JsonNode followedUp = action(doneLink, """
                {"action":"record-outcome","outcome":"Studiebesök på fjärrvärmeverket; delegationen vill ha en offert.",
                 "companiesMet":["E.ON Energidistribution","Malmö Stad"],"businessInterest":true}""");
        assertEquals("followed-up", followedUp.path("status").asText(), followedUp.toString());
        // The main path is done; what stays is correcting within 30 days, and erasure.
        assertEquals(List.of("correct-outcome", "reopen", "erase"), JSON.convertValue(followedUp.path("allowedActions"), List.class));
        assertEquals(List.of("acknowledge", "confirm", "feedback", "complete", "record-outcome"),
                followedUp.path("history").findValuesAsText("action"), followedUp.toString());

        HttpResponse<String> history = browse(doneLink);
        assertEquals(200, history.statusCode(), history.body());
        String html = history.body();
        assertTrue(html.contains("status-followed-up"), "followed up");
        for (String step : List.of("Skickade förfrågan", "Bekräftade mottagandet", "Bekräftade besöket",
                "Lämnade synpunkter", "Markerade besöket som genomfört", "Registrerade resultatet")) {
            assertTrue(html.contains(step), "the history shows: " + step);
        }
        assertTrue(html.contains("Betyg: 5 av 5"), "the visitor's rating");
        assertTrue(html.contains("Mycket givande – tack, Malmö!"), "the visitor's comment");
        assertTrue(html.contains("E.ON Energidistribution") && html.contains("Malmö Stad"), "the companies met");
        assertTrue(html.contains("value=\"correct-outcome\"") && !html.contains("value=\"record-outcome\""),
                "the outcome is recorded; only a correction is offered");

        // 7. The next Monday (its first working morning) the national office gets the digest with the booking.
        LocalDate monday = visit.plusDays(1).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        LocalDate digestDay = workingDays.isWorkingDay(monday) ? monday : workingDays.plusWorkingDays(monday, 1);
        HttpResponse<String> fired = send(HttpRequest.newBuilder(api.resolve("/_local/schedule/FollowUpFunction.WorkingMornings?at="
                + URLEncoder.encode(scheduledTime(digestDay), StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, fired.statusCode(), fired.body());
        JsonNode run = JSON.readTree(fired.body());
        assertTrue(run.path("succeeded").asBoolean(), fired.body());
        assertTrue(run.path("result").path("digestSent").asBoolean(), fired.body());
        String week = digestDay.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR) + ", " + digestDay.get(IsoFields.WEEK_BASED_YEAR);
        SentMail digest = awaitMail("the national office's digest of week " + week, mail -> sentTo(mail, NATIONAL_OFFICE)
                && mail.subject().equals("Smart City Sweden besök: veckoöversikt, vecka " + week));
        // The overview's row of the node: open, overdue, completed in the last 7 days, total of 12 months.
        List<String> malmo = digest.text().lines().filter(line -> line.startsWith("Malmö\t")).findFirst()
                .map(line -> List.of(line.strip().split("\t")))
                .orElseThrow(() -> new AssertionError("no row for Malmö in the digest:\n" + digest.text()));
        assertEquals("0", malmo.get(1), "no open booking: " + malmo);
        assertEquals("0", malmo.get(2), "none overdue: " + malmo);
        assertEquals("1", malmo.get(4), "the booking counted in the node's total: " + malmo);
        Attachment csvFile = digest.attachments().stream().filter(a -> a.fileName().endsWith(".csv")).findFirst()
                .orElseThrow(() -> new AssertionError("no CSV in the digest: " + digest.attachments()));
        // The overview's CSV for Swedish Excel: a BOM, semicolons, words, one row per booking (not one per focus area).
        List<String> csv = new String(csvFile.content(), StandardCharsets.UTF_8).lines().toList();
        assertTrue(csv.get(0).startsWith("\uFEFFReferens;Nod;Inkommen;Status;"), csv.get(0));
        List<String> rows = csv.stream().filter(line -> line.startsWith(reference + ";")).toList();
        assertEquals(1, rows.size(), "the booking's row: " + csv);
        assertTrue(rows.get(0).startsWith(reference + ";Malmö;") && rows.get(0).contains(";Uppföljd;")
                && rows.get(0).contains(";Norge;") && rows.get(0).contains("Energi") && rows.get(0).contains("Klimat"), rows.get(0));

        // 8. A link with one character of its token changed opens nothing and changes nothing.
        URI tampered = tamper(doneLink);
        assertNotEquals(doneLink, tampered);
        assertEquals(403, browse(tampered).statusCode());
        HttpResponse<String> refused = send(HttpRequest.newBuilder(actionsOf(tampered))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"cancel\"}")));
        assertEquals(403, refused.statusCode(), refused.body());
        assertEquals(403, browse(tamper(feedbackLink)).statusCode());
        HttpResponse<String> unchanged = send(HttpRequest.newBuilder(doneLink).header("Accept", "application/json").GET());
        assertEquals("followed-up", JSON.readTree(unchanged.body()).path("status").asText(), unchanged.body());
    }

    /**
     * SES reports that the visitor's acknowledgement bounced, and that the visitor of another booking
     * marked theirs as spam: each event goes from SES's event destination through the template's
     * EventBridge rule to MailEventsFunction, which runs under its own role (the emulator checks
     * every call; its claim items need PutItem and DeleteItem), records it on the booking and tells
     * the node's coordinators, once.
     */
    @Test
    @Order(2)
    void aBounceAndAComplaintOfRealMailsReachTheNodesCoordinatorsUnderTheFunctionsOwnRole() throws Exception {
        LocalDate visit = LocalDate.now(SWEDEN).plusDays(40);
        for (String type : List.of("bounce", "complaint")) {
            HttpResponse<String> submitted = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(booking(visit))));
            assertEquals(201, submitted.statusCode(), submitted.body());
            String reference = JSON.readTree(submitted.body()).path("reference").asText();
            SentMail receipt = awaitMail("the visitor's acknowledgement of " + reference,
                    mail -> sentTo(mail, VISITOR) && mail.subject().contains(reference));

            HttpResponse<String> reported = send(HttpRequest.newBuilder(api.resolve("/_local/ses-events"))
                    .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("message=" + URLEncoder.encode(receipt.messageId(),
                            StandardCharsets.UTF_8) + "&type=" + type)));
            assertEquals(202, reported.statusCode(), reported.body());
            assertEquals("[\"MailEventsFunction\"]", JSON.readTree(reported.body()).path("deliveredTo").toString(),
                    "the template's EventBridge rule matches SES's event: " + reported.body());

            SentMail told = awaitMail("the coordinators' notice of the " + type + " for " + reference,
                    mail -> sentTo(mail, COORDINATOR) && mail.subject().contains(reference)
                            && mail.subject().contains("e-postadress fungerar inte"));
            assertTrue(told.text().contains(type.equals("bounce") ? "studsade" : "skräppost"), told.text());
            assertTrue(told.replyTo().stream().anyMatch(address -> address.contains(VISITOR)), "Reply-To: " + told.replyTo());
        }
        assertFalse(runtime.output().contains("AccessDenied"), "no call was refused:\n" + runtime.output());
    }

    /**
     * A stream record that fails for good is not kept anywhere: its batch's on-failure message holds
     * only where it was in the stream (which keeps records 24 hours), not the booking. What recovers
     * it is the due-work index: a new booking carries its pending notification there, and the urgent
     * follow-up run (every 15 minutes) sends the first e-mails. Here the notify function's role loses
     * UpdateItem (as a broken deploy would), its batch fails through every retry and is parked; with
     * the role mended, the next urgent run mails the coordinator and the visitor, once.
     */
    @Test
    @Order(3)
    void aNewBookingWhoseStreamRecordFailedForGoodIsMailedByTheUrgentFollowUpRun() throws Exception {
        String role = "visit-booking-local-NotifyCoordinatorFunction";
        String queue = "visit-booking-local-NotificationFailureQueue";
        LocalIam.withChecksOff(moto.endpoint(), clients -> {
            try (var iam = clients.iam()) {
                iam.putRolePolicy(r -> r.roleName(role).policyName("template-policies").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\"],\"Resource\":\"*\"}]}"));
            }
            return null;
        });
        HttpResponse<String> submitted = send(HttpRequest.newBuilder(api.resolve("/bookings"))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(booking(LocalDate.now(SWEDEN).plusDays(60)))));
        assertEquals(201, submitted.statusCode(), submitted.body());
        String reference = JSON.readTree(submitted.body()).path("reference").asText();

        String parked = awaitParked(queue, Duration.ofSeconds(90));
        assertTrue(parked.contains("DDBStreamBatchInfo"), parked);
        assertFalse(parked.contains(VISITOR) || parked.contains(reference), "a pointer, not the booking: " + parked);
        assertTrue(mailbox.messages().stream().noneMatch(mail -> mail.subject().contains(reference)), "nothing was sent");

        CloudFormationTemplate template = CloudFormationTemplate.load(CloudFormationTemplate.locate(), LocalRuntime.STACK_NAME,
                "eu-north-1", moto.endpoint().toString(), Map.of());
        LocalIam.withChecksOff(moto.endpoint(), clients -> {
            try (var iam = clients.iam()) {
                iam.putRolePolicy(r -> r.roleName(role).policyName("template-policies")
                        .policyDocument(LocalIam.localPolicy(template, "NotifyCoordinatorFunction").toString()));
            }
            return null;
        });
        String urgentRun = java.time.ZonedDateTime.now(SWEDEN).plusMinutes(16).withNano(0).format(SCHEDULED_TIME);
        HttpResponse<String> fired = send(HttpRequest.newBuilder(api.resolve("/_local/schedule/FollowUpFunction.UrgentEveryQuarter?at="
                + URLEncoder.encode(urgentRun, StandardCharsets.UTF_8))).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, fired.statusCode(), fired.body());
        awaitMail("the coordinator's new-booking e-mail for " + reference,
                mail -> sentTo(mail, COORDINATOR) && mail.subject().contains(reference));
        awaitMail("the visitor's acknowledgement of " + reference, mail -> sentTo(mail, VISITOR) && mail.subject().contains(reference));
    }

    /**
     * The first message of an SQS queue of the local stack, read as its administrator (the runtime's,
     * which ChildRuntime adopted). Not with moto's checks off: that is for all callers at once, and a
     * retry of the failing batch that came meanwhile would pass unchecked.
     */
    private static String awaitParked(String queue, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (var sqs = new LocalAwsClients(moto.endpoint()).sqs()) {
            String url = sqs.getQueueUrl(r -> r.queueName(queue)).queueUrl();
            while (System.nanoTime() < deadline) {
                var messages = sqs.receiveMessage(r -> r.queueUrl(url).maxNumberOfMessages(1)).messages();
                if (!messages.isEmpty()) return messages.get(0).body();
                Thread.sleep(250);
            }
        }
        return fail("nothing parked in " + queue + " within " + timeout.toSeconds() + " s; local runtime output:\n" + runtime.output());
    }

    // ---- the booking and its days ----

    /** The first Swedish working day from {@code day} on (a schedule fires only on working mornings). */
    private static LocalDate workingDayFrom(LocalDate day, WorkingDays workingDays) {
        LocalDate working = day;
        while (!workingDays.isWorkingDay(working)) working = working.plusDays(1);
        return working;
    }

    /** A booking from Norway in English, preferring days around the visit and a later week. */
    private static String booking(LocalDate visit) {
        return """
                {"node":"malmo","language":"en","mainGoal":"learning","purpose":"Study visit on district heating",
                 "focusAreas":["energy","climate"],"meetCompanies":true,"companyTypes":"Energy utilities",
                 "preferredDates":[{"from":"%s","to":"%s"},{"from":"%s","to":"%s"}],"expectedParticipants":6,
                 "participants":[{"name":"Ingrid Øvrebø","organisation":"Oslo kommune","email":"%s","country":"NO"}],
                 "contact":{"name":"Ingrid Øvrebø","organisation":"Oslo kommune","email":"%s","phone":"+47 22 33 44 55","country":"NO"},
                 "acceptsCosts":true,"consent":true}
                """.formatted(visit, visit.plusDays(3), visit.plusDays(21), visit.plusDays(25), VISITOR, VISITOR);
    }

    private static String scheduledTime(LocalDate day) {
        return day.atTime(LocalTime.of(7, 0)).atZone(SWEDEN).format(SCHEDULED_TIME);
    }

    // ---- the follow-up, through Lambda's Invoke API as `aws lambda invoke` would call it ----

    private static JsonNode followUp(LocalDate day) throws Exception {
        String payload = "{\"scheduledTime\":\"" + scheduledTime(day) + "\"}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        lambda.resolve("/2015-03-31/functions/FollowUpFunction/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("X-Amz-Function-Error").isEmpty(), payload + ": " + response.body());
        JsonNode result = JSON.readTree(response.body());
        assertEquals("done", result.path("status").asText(), payload + ": " + response.body());
        return result;
    }

    // ---- what a browser and a script do with the links ----

    private static HttpResponse<String> browse(URI link) throws Exception {
        return send(HttpRequest.newBuilder(link).header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8").GET());
    }

    /**
     * Submits the page's form (the one for {@code action}, or the only one) as a browser does:
     * its fields as {@code application/x-www-form-urlencoded}, to its action resolved against the page,
     * following a 303 See Other to the result page.
     */
    private static HttpResponse<String> submitForm(URI pageUri, String html, String action, Map<String, String> fields)
            throws Exception {
        Matcher forms = Pattern.compile("(?s)<form method=\"post\" action=\"([^\"]+)\"[^>]*>(.*?)</form>").matcher(html);
        while (forms.find()) {
            String body = forms.group(2);
            if (action != null && !body.contains("name=\"action\" value=\"" + action + "\"")) continue;
            StringBuilder encoded = new StringBuilder();
            if (action != null) encoded.append("action=").append(URLEncoder.encode(action, StandardCharsets.UTF_8));
            fields.forEach((name, value) -> encoded.append(encoded.isEmpty() ? "" : "&")
                    .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
            URI target = pageUri.resolve(forms.group(1).replace("&amp;", "&"));
            HttpResponse<String> posted = send(HttpRequest.newBuilder(target)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8")
                    .POST(HttpRequest.BodyPublishers.ofString(encoded.toString())));
            // A form that did something answers 303 See Other (post/redirect/get); a browser then GETs the result page.
            if (posted.statusCode() != 303) return posted;
            return browse(target.resolve(posted.headers().firstValue("Location").orElseThrow()));
        }
        throw new AssertionError("no form" + (action == null ? "" : " for " + action) + " on the page:\n" + html);
    }

    /** Posts a JSON action to the manage link's actions route; expects 200. */
    private static JsonNode action(URI manageLink, String body) throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(actionsOf(manageLink))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        assertEquals(200, response.statusCode(), body + " -> " + response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static URI actionsOf(URI manageLink) {
        return manageLink.resolve("actions?" + manageLink.getRawQuery());
    }

    /** The link with one character of its token's signature changed. */
    private static URI tamper(URI link) {
        String text = link.toString();
        int at = text.length() - 3;
        char original = text.charAt(at);
        return URI.create(text.substring(0, at) + (original == 'A' ? 'B' : 'A') + text.substring(at + 1));
    }

    // ---- the mailbox ----

    private static SentMail awaitMail(String what, Predicate<SentMail> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + MAIL_WAIT.toNanos();
        List<SentMail> mails = List.of();
        while (true) {
            mails = mailbox.messages();
            List<SentMail> found = mails.stream().filter(wanted).toList();
            if (found.size() == 1) return found.get(0);
            if (found.size() > 1) fail(what + " was sent " + found.size() + " times: " + subjects(found));
            if (System.nanoTime() > deadline) break;
            Thread.sleep(200);
        }
        return fail("no " + what + " within " + MAIL_WAIT.toSeconds() + " s; the mailbox has:\n" + subjects(mails)
                + "\nlocal runtime output:\n" + runtime.output());
    }

    private static boolean sentTo(SentMail mail, String address) {
        return mail.to().stream().anyMatch(to -> to.contains(address));
    }

    private static URI link(SentMail mail, Pattern pattern) {
        Matcher matcher = pattern.matcher(mail.text());
        if (!matcher.find()) fail("no link in \"" + mail.subject() + "\":\n" + mail.text());
        return URI.create(matcher.group());
    }

    private static String subjects(List<SentMail> mails) {
        return mails.stream().map(mail -> "  " + mail.to() + ": " + mail.subject()).collect(Collectors.joining("\n"));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
