package eu.ess.cevns.daq.alarm;

import java.time.Instant;

/**
 * One raised or cleared transition, as logged and recorded in the run; {@code action} is what the
 * shift crew is told to do (for listeners that pass the alarm on, such as the Kafka publisher's al00).
 */
public record AlarmTransition(Instant time, String name, Severity severity, boolean raised, String title, String message,
                              String action) {
}
