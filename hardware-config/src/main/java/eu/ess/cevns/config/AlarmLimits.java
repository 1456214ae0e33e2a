package eu.ess.cevns.config;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the DAQ's alarms trip (site file {@code alarms:}). Each limit says when a condition stops
 * being normal; the alarm model turns it into a named alarm with a severity and an action for the
 * shift crew. {@code delays} holds the raise and clear delay of each alarm by name (a per-channel
 * alarm such as {@code noData:Ch3} takes its family's, {@code noData}); an alarm not listed has none.
 * Its keys are the alarm names a site file may give delays for.
 *
 * @param noDataS               a channel with no waveform for this long while a run is going is silent (MAJOR)
 * @param lostPacketsPerMin     packets lost in the last minute at or above which loss is an alarm (MINOR)
 * @param lostFractionMajor     fraction of packets lost in the last minute at or above which loss is MAJOR
 * @param rejectedPacketsPerMin packets rejected in the last minute at or above which rejects are an alarm (MINOR)
 * @param unknownPulseFraction  fraction of the last minute's pulses with beam state UNKNOWN at or above which
 *                              that is an alarm (MINOR; MAJOR when all are)
 * @param diskMinorGiB          free space of the data root below which the disk is low (MINOR)
 * @param diskMajorGiB          free space below which the disk is nearly full (MAJOR)
 * @param analysisLagS          live analysis trailing the newest event by more than this (MINOR)
 * @param excessLowSigma        excess below the SM expectation by more than this many standard errors (MINOR)
 * @param excessMinExpected     the excess check waits until this many events are expected
 * @param delays                raise and clear delay of each alarm, by name (runs recorded before delays: the defaults)
 * @param maxShelveHours        the longest an alarm may be shelved (runs recorded before shelving: the default)
 */
public record AlarmLimits(double noDataS, double lostPacketsPerMin, double lostFractionMajor, double rejectedPacketsPerMin,
                          double unknownPulseFraction, double diskMinorGiB, double diskMajorGiB, double analysisLagS,
                          double excessLowSigma, double excessMinExpected, Map<String, AlarmDelay> delays,
                          double maxShelveHours) {

    /**
     * The delays when the site file says nothing. {@code noRun}: beam on and no run is normal for
     * half a minute between two runs, and a beam trip (ESS trips last seconds to a minute or two)
     * does not end it. Every other alarm is raised and cleared at once: their conditions already
     * look back over a minute or a silence limit, and the excess alarm is exactly the page's verdict.
     */
    public static final Map<String, AlarmDelay> DEFAULT_DELAYS = defaultDelays();
    public static final double DEFAULT_MAX_SHELVE_HOURS = 24;

    /** The limits used when the site file says nothing. */
    public static final AlarmLimits DEFAULT = new AlarmLimits(10, 1, 0.01, 1, 0.05, 20, 5, 30, 3, 20, DEFAULT_DELAYS,
            DEFAULT_MAX_SHELVE_HOURS);

    public AlarmLimits {
        // sorted by name, so /api/config and the run's record list them alike
        delays = delays == null ? DEFAULT_DELAYS : Collections.unmodifiableMap(new TreeMap<>(delays));
        if (!(maxShelveHours > 0)) {
            maxShelveHours = DEFAULT_MAX_SHELVE_HOURS;
        }
    }

    /** The delays of alarm {@code name}: its own, else its family's (the part before ':'), else none. */
    public AlarmDelay delayOf(String name) {
        AlarmDelay d = delays.get(name);
        if (d == null) {
            int colon = name.indexOf(':');
            d = colon > 0 ? delays.get(name.substring(0, colon)) : null;
        }
        return d == null ? AlarmDelay.NONE : d;
    }

    /** These limits with other delays (tests, and sites that tune one alarm). */
    public AlarmLimits withDelays(Map<String, AlarmDelay> d) {
        return new AlarmLimits(noDataS, lostPacketsPerMin, lostFractionMajor, rejectedPacketsPerMin, unknownPulseFraction,
                diskMinorGiB, diskMajorGiB, analysisLagS, excessLowSigma, excessMinExpected, d, maxShelveHours);
    }

    private static Map<String, AlarmDelay> defaultDelays() {
        Map<String, AlarmDelay> m = new TreeMap<>();
        for (String name : new String[] {"noData", "lostPackets", "sequenceResync", "rejectedPackets", "storeDropping", "diskFull",
                "storeWriteError", "pulsesUnknown", "diskLow", "timingDisconnected", "timingStale", "analysisLag", "kafkaLag", "excessLow", "udpReceiveBuffer"}) {
            m.put(name, AlarmDelay.NONE);
        }
        m.put("noRun", new AlarmDelay(30, 120));
        return Collections.unmodifiableMap(m);
    }
}
