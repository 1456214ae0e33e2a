package eu.ess.cevns.analysis.monitor;

/**
 * The quality cuts on a processed waveform and their tally: pile-up and saturation remove it
 * first, then an energy below its channel's threshold (a NaN energy is below every threshold).
 */
final class QualityCounters {
    private long waveforms;
    private long belowThreshold;
    private long pileUp;
    private long saturated;

    /** Whether a waveform with these features passes every cut. */
    static boolean accepts(boolean pileUp, boolean saturated, double keVnr, double thresholdKeVnr) {
        return !pileUp && !saturated && keVnr >= thresholdKeVnr;
    }

    /** A waveform of a configured channel is about to be processed. */
    void countWaveform() {
        waveforms++;
    }

    /** Judges a processed waveform and counts the first reason it fails, if any; true if it passes. */
    boolean pass(boolean isPileUp, boolean isSaturated, double keVnr, double thresholdKeVnr) {
        if (isPileUp) {
            pileUp++;
            return false;
        }
        if (isSaturated) {
            saturated++;
            return false;
        }
        if (!(keVnr >= thresholdKeVnr)) {
            belowThreshold++;
            return false;
        }
        return true;
    }

    long waveforms() {
        return waveforms;
    }

    AnalysisSummary.Quality snapshot() {
        return new AnalysisSummary.Quality(waveforms, belowThreshold, pileUp, saturated);
    }
}
