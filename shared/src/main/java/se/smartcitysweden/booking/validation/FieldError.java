package se.smartcitysweden.booking.validation;

/**
 * One problem with one field of a request. {@code field} is a path such as
 * {@code participants[2].email}; {@code code} is stable for programs, {@code message} is for people.
 */
public record FieldError(String field, String code, String message) { }
