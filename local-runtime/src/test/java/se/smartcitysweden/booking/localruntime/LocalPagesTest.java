package se.smartcitysweden.booking.localruntime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The local pages' helpers: escaping, links in mailed HTML, trigger times, queue names. */
class LocalPagesTest {
    @Test
    void everythingRenderedIsEscaped() {
        assertEquals("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Åsa&quot;",
                Html.escape("<script>alert('x')</script> & \"Åsa\""));
        assertEquals("", Html.escape(null));
    }

    @Test
    void linksInAMailedPageOpenInANewTab() {
        assertEquals("<!doctype html><html><head lang=\"sv\"><base target=\"_blank\"><title>x</title></head></html>",
                MailboxPages.withLinksInNewTabs("<!doctype html><html><head lang=\"sv\"><title>x</title></head></html>"));
        assertEquals("<html><head><base target=\"_blank\"></head><body>x</body></html>",
                MailboxPages.withLinksInNewTabs("<html><body>x</body></html>"));
        assertEquals("<base target=\"_blank\"><p>x</p>", MailboxPages.withLinksInNewTabs("<p>x</p>"));
    }

    @Test
    void triggerTimesAcceptOffsetsInstantsAndWallClockTimes() {
        ZoneId stockholm = ZoneId.of("Europe/Stockholm");
        Instant expected = Instant.parse("2027-03-01T06:00:00Z");
        assertEquals(expected, ScheduleTrigger.parseTime("2027-03-01T07:00:00+01:00", stockholm));
        assertEquals(expected, ScheduleTrigger.parseTime("2027-03-01T07:00:00 01:00", stockholm),
                "an unencoded + arrives as a space");
        assertEquals(expected, ScheduleTrigger.parseTime("2027-03-01T06:00:00Z", stockholm));
        assertEquals(expected, ScheduleTrigger.parseTime("2027-03-01T07:00:00", stockholm), "in the schedule's zone");
        assertEquals(expected, ScheduleTrigger.parseTime("2027-03-01T07:00", stockholm));
        assertThrows(DateTimeException.class, () -> ScheduleTrigger.parseTime("next monday", stockholm));
    }

    @Test
    void queueNamesComeFromArnsAndUrls() {
        assertEquals("visit-booking-local-NotificationFailureQueue", LocalQueues.queueName(
                "arn:aws:sqs:eu-north-1:123456789012:visit-booking-local-NotificationFailureQueue"));
        assertEquals("q", LocalQueues.queueName("http://127.0.0.1:5000/123456789012/q"));
        assertThrows(IllegalArgumentException.class, () -> LocalQueues.queueName("arn:aws:sns:eu-north-1:1:topic"));
    }
}
