package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.EssPulse;

/**
 * The run's histograms of accepted events, in fixed bins: energy in keVnr ({@link #ENERGY_BINS}
 * bins up to {@link #ENERGY_MAX_KEVNR}; events above are left out of every energy histogram) in
 * the on and off windows of ON pulses and the on window of OFF pulses, time since T0 ({@link #TIME_BINS} bins over one pulse
 * period, every accepted event), energy per channel, on-window counts per channel (whatever the
 * energy), and pulse shape (tail fraction, {@link #SHAPE_BINS} bins over [0, 1]) against energy.
 * Channels are indexed by id, from 0 to the largest id the run configures.
 */
public final class EventHistograms {
    public static final int ENERGY_BINS = 50;
    public static final double ENERGY_MAX_KEVNR = 50;
    public static final int TIME_BINS = 200;
    /** Pulse-shape (tail fraction) bins of the shape-vs-energy histogram; energy bins as {@link #ENERGY_BINS}. */
    public static final int SHAPE_BINS = 20;

    private final long[] energyOn = new long[ENERGY_BINS];
    private final long[] energyOff = new long[ENERGY_BINS];
    private final long[] energyBeamOff = new long[ENERGY_BINS];
    private final long[] timeSinceT0 = new long[TIME_BINS];
    private final long[] shapeVsEnergy = new long[SHAPE_BINS * ENERGY_BINS];
    private final long[] channelEnergy;
    private final long[] channelOn;

    /** @param channelSlots the largest channel id plus one */
    EventHistograms(int channelSlots) {
        channelEnergy = new long[channelSlots * ENERGY_BINS];
        channelOn = new long[channelSlots];
    }

    /** Width of an energy bin, keVnr. */
    public static double energyBinWidthKeVnr() {
        return ENERGY_MAX_KEVNR / ENERGY_BINS;
    }

    /** The energy bins' edges, keVnr: 0, width, …, {@link #ENERGY_MAX_KEVNR}. */
    public static double[] energyEdgesKeVnr() {
        double[] e = new double[ENERGY_BINS + 1];
        for (int i = 0; i <= ENERGY_BINS; i++) {
            e[i] = i * energyBinWidthKeVnr();
        }
        return e;
    }

    /** Width of a time-since-T0 bin, µs. */
    public static double timeBinWidthUs() {
        return EssPulse.PERIOD_US / TIME_BINS;
    }

    /** One accepted event of channel {@code channelId}, counted as {@code c}. */
    void add(EventClass c, int channelId, double timeSinceT0Us, double keVnr, double tailFraction) {
        // truncation toward zero: an event just before T0 (within one bin) falls into the first bin
        int tBin = (int) (timeSinceT0Us / EssPulse.PERIOD_US * TIME_BINS);
        if (tBin >= 0 && tBin < TIME_BINS) {
            timeSinceT0[tBin]++;
        }
        int eBin = (int) (keVnr / ENERGY_MAX_KEVNR * ENERGY_BINS);
        boolean inRange = eBin < ENERGY_BINS;
        if (inRange) {
            channelEnergy[channelId * ENERGY_BINS + eBin]++;
            int sBin = Math.min(SHAPE_BINS - 1, (int) (tailFraction * SHAPE_BINS));
            shapeVsEnergy[sBin * ENERGY_BINS + eBin]++;
        }
        if (c == EventClass.ON_WINDOW) {
            channelOn[channelId]++;
            if (inRange) {
                energyOn[eBin]++;
            }
        } else if (c == EventClass.OFF_WINDOW && inRange) {
            energyOff[eBin]++;
        } else if (c == EventClass.BEAM_OFF_WINDOW && inRange) {
            energyBeamOff[eBin]++;
        }
    }

    /** Copies of the histograms as they stand. */
    AnalysisSummary.Histograms snapshot() {
        return new AnalysisSummary.Histograms(energyOn.clone(), energyOff.clone(), timeSinceT0.clone(), channelEnergy.clone(),
                channelOn.clone(), shapeVsEnergy.clone(), energyBeamOff.clone());
    }
}
