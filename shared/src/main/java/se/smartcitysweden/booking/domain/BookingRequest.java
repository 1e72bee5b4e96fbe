package se.smartcitysweden.booking.domain;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What a visitor asked for, already validated and normalised. Instances come from
 * {@link se.smartcitysweden.booking.validation.BookingRequestParser}; optional texts are
 * empty strings rather than null so that templates and storage need no null checks; an
 * unanswered yes/no question ({@code meetCompanies}) is empty, not "no".
 */
public record BookingRequest(
        Node node,
        Language language,
        MainGoal mainGoal,
        String purpose,
        List<FocusArea> focusAreas,
        String focusDescription,
        Optional<Boolean> meetCompanies,
        String companyTypes,
        String specialRequests,
        List<DateRange> preferredDates,
        int expectedParticipants,
        List<Participant> participants,
        Contact contact,
        Optional<Organiser> organiser,
        String message) {

    public BookingRequest {
        focusAreas = List.copyOf(focusAreas);
        preferredDates = List.copyOf(preferredDates);
        participants = List.copyOf(participants);
    }

    /** A preferred period for the visit, both days included. */
    public record DateRange(LocalDate from, LocalDate to) { }

    public record Participant(String name, String organisation, String role, String email, String country) { }

    /** The person the coordinator answers. */
    public record Contact(String name, String email, String phone, String organisation, String country) { }

    /** An agency or person booking on the delegation's behalf. */
    public record Organiser(String name, String email, String organisation) { }
}
