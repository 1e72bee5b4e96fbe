package se.smartcitysweden.booking.domain;

/** What the visitor should be told after a transition; REOPENED: a decline they were told of is undone. */
public enum VisitorNotice { NONE, CONFIRMATION, DECLINE, CANCELLATION, REOPENED }
