package eu.ess.cevns.config;

/**
 * The on and off windows relative to each pulse's T0, in µs. The on window covers the 2.86 ms
 * proton pulse plus a tail for muon decay (τμ = 2.197 µs); the off window has the same length late
 * in the 71.4 ms cycle, where no beam-correlated neutrinos arrive. Writable live (status PVs).
 */
public record BeamWindows(double onStartUs, double onEndUs, double offStartUs, double offEndUs) {
    /** 2.86 ms pulse + 5 τμ (11 µs); the off window as long, ending 5 ms before the next pulse. */
    public static final BeamWindows DEFAULT = new BeamWindows(0, 2871, 63_557, 66_428);
}
