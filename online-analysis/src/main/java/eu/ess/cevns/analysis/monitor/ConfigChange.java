package eu.ess.cevns.analysis.monitor;

import java.time.Instant;

/** One config-change record of a run, as the run recorded it: when, who, which setting, from what to what. */
public record ConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
}
