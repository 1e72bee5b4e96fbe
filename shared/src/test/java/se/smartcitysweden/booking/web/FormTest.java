package se.smartcitysweden.booking.web;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import se.smartcitysweden.booking.validation.BookingRequestParser;

class FormTest {

    @Test
    void givenAPlainFormPost_whenConverted_thenItHasTheApiShape() {
        JsonNode tree = Form.parse("node=umea&language=sv&mainGoal=learning&purpose=Studiebes%C3%B6k%0D%0Atv%C3%A5+dagar"
                + "&focusAreas=energy&focusAreas=climate&meetCompanies=on&companyTypes=Energibolag"
                + "&preferredDates%5B0%5D.from=2027-03-01&preferredDates%5B0%5D.to=2027-03-02"
                + "&preferredDates%5B1%5D.from=&preferredDates%5B1%5D.to="
                + "&expectedParticipants=5"
                + "&participants%5B1%5D.name=Bo&participants%5B0%5D.name=Ana&participants%5B2%5D.name="
                + "&contact.name=Ana&contact.email=ana%40example.org&contact.phone="
                + "&acceptsCosts=true&consent=on&website=").tree();
        assertEquals("Studiebesök\r\ntvå dagar", tree.get("purpose").textValue());
        assertEquals(2, tree.get("focusAreas").size());
        assertTrue(tree.get("meetCompanies").booleanValue());
        assertEquals(1, tree.get("preferredDates").size(), "a blank date row is dropped");
        assertEquals(5, tree.get("expectedParticipants").intValue());
        assertEquals("Ana", tree.get("participants").get(0).get("name").textValue(), "rows keep index order");
        assertEquals("Bo", tree.get("participants").get(1).get("name").textValue());
        assertEquals(2, tree.get("participants").size());
        assertFalse(tree.get("contact").has("phone"), "blank values are left out");
        assertFalse(tree.has("website"), "an empty honeypot is absent");
        assertTrue(BookingRequestParser.parse(tree, LocalDate.of(2026, 11, 27)).isValid());
    }

    @Test
    void givenANonNumericCount_whenConverted_thenItStaysTextForValidationToName() {
        JsonNode tree = Form.parse("expectedParticipants=twelve&meetCompanies=maybe").tree();
        assertEquals("twelve", tree.get("expectedParticipants").textValue());
        assertEquals("maybe", tree.get("meetCompanies").textValue());
    }

    @Test
    void givenAnUncheckedBox_whenConverted_thenItIsAbsent() {
        assertFalse(Form.parse("node=umea").tree().has("consent"));
    }

    @Test
    void givenBrokenPercentEncoding_whenParsed_thenTheFieldsAreNamedAndLeftOut() {
        Form parsed = Form.parse("purpose=%zz&message=ok%&contact.name=%C3&node=umea&%E2%82=x&role=%ED%A0%80");
        assertEquals(java.util.List.of("purpose", "message", "contact.name", "%E2%82", "role"), parsed.malformed());
        assertEquals("umea", parsed.tree().get("node").textValue());
        assertEquals(1, parsed.tree().size());
    }

    @net.jqwik.api.Property(tries = 300)
    void givenAnyText_whenEncodedAndParsed_thenItComesBackAndAnyBodyParsesWithoutThrowing(
            @net.jqwik.api.ForAll String value, @net.jqwik.api.ForAll String body) {
        Form.parse(body);
        net.jqwik.api.Assume.that(!se.smartcitysweden.booking.validation.TextRules.hasLoneSurrogate(value) && !value.isBlank());
        Form parsed = Form.parse("message=" + java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(value, parsed.tree().get("message").textValue());
        assertEquals(java.util.List.of(), parsed.malformed());
    }

    @Test
    void givenTheCoordinatorsOutcomeForm_whenConverted_thenCompaniesAreOneALineAndTheInterestAYesOrNo() {
        JsonNode tree = Form.parse("action=record-outcome&outcome=Good&companiesMet=Umea+Energi%0D%0A%0D%0A+Vakin+&businessInterest=Ja"
                + "&date=+2027-03-01+&reason=").tree();
        assertEquals("[\"Umea Energi\",\"Vakin\"]", tree.get("companiesMet").toString());
        assertTrue(tree.get("businessInterest").booleanValue());
        assertEquals("2027-03-01", tree.get("date").textValue());
        assertFalse(tree.has("reason"), "blank values are left out");
        assertEquals("maybe", Form.parse("businessInterest=maybe").tree().get("businessInterest").textValue());
        assertFalse(Form.parse("businessInterest=nej").tree().get("businessInterest").booleanValue());
    }

    @Test
    void givenARatingAndARepeatedField_whenConverted_thenTheRatingIsANumberAndTheFirstValueCounts() {
        Form form = Form.parse("rating=4&comment=first&comment=second");
        assertEquals(4, form.tree().get("rating").intValue());
        assertEquals("first", form.tree().get("comment").textValue());
        assertEquals(java.util.Map.of("rating", "4", "comment", "first"), form.values());
        assertEquals(3, form.fields().size());
    }
}
