package eu.ess.cevns.config;

/**
 * Where the DAQ's alarms trip (site file {@code alarms:}). Each limit says when a condition stops
 * being normal; the alarm model turns it into a named alarm with a severity and an action for the
 * shift crew.
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
 * @param noRunGraceS           beam on with no run recording for this long is an alarm (MINOR); shorter gaps are
 *                              run changes
 */
public record AlarmLimits(double noDataS, double lostPacketsPerMin, double lostFractionMajor, double rejectedPacketsPerMin,
                          double unknownPulseFraction, double diskMinorGiB, double diskMajorGiB, double analysisLagS,
                          double excessLowSigma, double excessMinExpected, double noRunGraceS) {

    /** The limits used when the site file says nothing. */
    public static final AlarmLimits DEFAULT = new AlarmLimits(10, 1, 0.01, 1, 0.05, 20, 5, 30, 3, 20, 30);
}
