package se.smartcitysweden.booking.domain;

/**
 * What the visitor should be told after a transition; REOPENED: a decline they were told of is undone;
 * PLAN_CHANGED: the plan of their confirmed visit changed (what changed, and the calendar updated).
 */
public enum VisitorNotice { NONE, CONFIRMATION, DECLINE, CANCELLATION, REOPENED, PLAN_CHANGED }
