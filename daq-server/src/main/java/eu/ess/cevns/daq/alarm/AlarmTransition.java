package eu.ess.cevns.daq.alarm;

import java.time.Instant;

/** One raised or cleared transition, as logged and recorded in the run. */
public record AlarmTransition(Instant time, String name, Severity severity, boolean raised, String title, String message) {
}
