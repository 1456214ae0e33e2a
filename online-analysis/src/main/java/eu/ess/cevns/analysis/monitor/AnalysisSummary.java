package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.analysis.physics.Reach;
import eu.ess.cevns.analysis.beam.BeamExposure;
import eu.ess.cevns.analysis.stats.ExcessVerdict;
import eu.ess.cevns.analysis.stats.Interval;
import eu.ess.cevns.analysis.stats.OnOff;
import eu.ess.cevns.analysis.stats.SignalFit;
import eu.ess.cevns.config.AlarmLimits;
import eu.ess.cevns.config.EssPulse;

import java.util.List;

/**
 * Where a run's analysis stands, in parts: the accepted events by what they count as
 * ({@link Counts}), the on/off measurement against the SM expectation ({@link Excess}), the beam
 * exposure ({@link Exposure}), what the quality cuts removed ({@link Quality}), the fixed-binning
 * histograms ({@link Histograms}), the rate history, and what the beam-correlated expectation is made
 * of ({@link Expectation}), the latest likelihood fit of the signal strength ({@link SignalFit.Result})
 * and what the run's exposure so far means for the neutron radius and NSI ({@link Reach.Result}, null
 * until computed; without its grid).
 * {@code lastEventNs} is the time of the newest accepted event (pulse T0 + time since T0): how far
 * the analysis has read.
 */
public record AnalysisSummary(int run, boolean stopped, long lastEventNs, Counts counts, Excess excess, Exposure exposure,
                              Quality quality, Histograms histograms, List<HistoryPoint> history, Expectation expectation,
                              SignalFit.Result fit, Reach.Result reach) {

    public AnalysisSummary {
        expectation = expectation == null ? Expectation.NONE : expectation;
        fit = fit == null ? SignalFit.Result.NONE : fit;
    }

    /** A summary without the parts of the expectation, a fit or a reach (they are then none). */
    public AnalysisSummary(int run, boolean stopped, long lastEventNs, Counts counts, Excess excess, Exposure exposure,
                           Quality quality, Histograms histograms, List<HistoryPoint> history) {
        this(run, stopped, lastEventNs, counts, excess, exposure, quality, histograms, history, Expectation.NONE, SignalFit.Result.NONE,
                null);
    }

    /** Excess per 10²⁰ protons on target (NaN before any POT). */
    public double excessPer1e20Pot() {
        return exposure.pot() > 0 ? excess.value() / exposure.pot() * 1e20 : Double.NaN;
    }

    public double excessErrorPer1e20Pot() {
        return exposure.pot() > 0 ? excess.error() / exposure.pot() * 1e20 : Double.NaN;
    }

    /** Excess per kg of target per beam day. */
    public double excessPerKgDay() {
        return exposure.beamDays() > 0 ? excess.value() / exposure.massKg() / exposure.beamDays() : Double.NaN;
    }

    public double excessErrorPerKgDay() {
        return exposure.beamDays() > 0 ? excess.error() / exposure.massKg() / exposure.beamDays() : Double.NaN;
    }

    /**
     * Accepted events by what they count as ({@link EventClass}): the on window of ON pulses
     * (signal + background), the off window of ON pulses (background), the on window of OFF pulses
     * (beam-off background), and any window of a pulse whose beam state is unknown.
     */
    public record Counts(long on, long off, long beamOff, long unknown) {
    }

    /**
     * The on/off measurement: α (on over off live time), the excess N_on − α N_off with its error,
     * the Li & Ma significance and a 68 % profile-likelihood interval; beside it the SM expectation
     * for the same exposure and window, and the verdict comparing the two under the run's alarm
     * limits. Everything but the expectation is NaN, and the verdict waiting, until there is off
     * live time to give α.
     */
    public record Excess(double alpha, double value, double error, double significance, double low68, double high68,
                         double expected, ExcessVerdict verdict) {
        /** Confidence of {@link #low68} .. {@link #high68}: one Gaussian standard deviation. */
        static final double CONFIDENCE_68 = 0.6827;

        /** The measurement of {@code on} and {@code off} counts with exposure ratio {@code alpha} (NaN: not yet known). */
        static Excess of(long on, long off, double alpha, double expected, AlarmLimits limits) {
            return of(on, off, alpha, expected, 0, limits);
        }

        /** The same against an expectation with systematic error {@code expectedSyst} (1σ, events). */
        static Excess of(long on, long off, double alpha, double expected, double expectedSyst, AlarmLimits limits) {
            if (Double.isNaN(alpha)) {
                return new Excess(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, expected,
                        ExcessVerdict.WAITING);
            }
            OnOff m = new OnOff(on, off, alpha);
            Interval i = m.interval(CONFIDENCE_68);
            return new Excess(alpha, m.excess(), m.excessError(), m.liMaSignificance(), i.lower(), i.upper(), expected,
                    ExcessVerdict.of(m.excess(), m.excessError(), expected, expectedSyst, limits));
        }
    }

    /**
     * The beam-correlated expectation of the on window, in parts: Standard-Model CEvNS and the
     * detector's beam-related neutrons (events, boost included), their sum (the {@link Excess#expected()}
     * the verdict uses), its 1σ systematic uncertainty, and the inputs it was computed with: neutrinos
     * per flavour per proton and the boost, as the run recorded them (or as given on the command line).
     */
    public record Expectation(double cevns, double brn, double syst, double neutrinosPerFlavorPerProton, double boost) {
        public static final Expectation NONE = new Expectation(0, 0, 0, Double.NaN, Double.NaN);

        public double total() {
            return cevns + brn;
        }
    }

    /**
     * The beam exposure of the run so far, with the windows in force at each pulse: protons on
     * target, live time of the on and off windows of ON pulses and of the on window of OFF pulses,
     * pulses by beam state, and the detector's target mass (NaN before the run's configuration).
     */
    public record Exposure(double pot, double onLiveS, double offLiveS, double beamOffLiveS, long pulsesOn, long pulsesOff,
                           long pulsesUnknown, double massKg) {

        static Exposure of(BeamExposure e, double massKg) {
            return new Exposure(e.pot(), e.onLiveSeconds(), e.offLiveSeconds(), e.beamOffLiveSeconds(), e.pulsesOn(), e.pulsesOff(),
                    e.pulsesUnknown(), massKg);
        }

        /** Beam days of the ON pulses. */
        public double beamDays() {
            return pulsesOn / (double) EssPulse.RATE_HZ / 86400.0;
        }
    }

    /**
     * Waveforms of configured channels the analysis processed, and those the cuts removed, each for
     * its first reason in the order pile-up, saturation, below its channel's threshold.
     */
    public record Quality(long waveforms, long belowThreshold, long pileUp, long saturated) {
        /** Waveforms that passed every cut: the accepted events. */
        public long accepted() {
            return waveforms - belowThreshold - pileUp - saturated;
        }
    }

    /**
     * The histograms, binned as {@link EventHistograms} says: energy in keVnr of the on and off
     * windows of ON pulses, time since T0 of every accepted event, energy per channel id of every
     * accepted event ({@code [id * ENERGY_BINS + bin]}), on-window counts per channel id, pulse
     * shape against energy ({@code [shapeBin * ENERGY_BINS + energyBin]}), and energy in the on
     * window of OFF pulses. The arrays are copies the summary owns; records compare arrays by
     * identity, so compare them with {@code Arrays.equals}.
     */
    public record Histograms(long[] energyOn, long[] energyOff, long[] timeSinceT0, long[] channelEnergy, long[] channelOn,
                             long[] shapeVsEnergy, long[] energyBeamOff) {
        public Histograms {
            energyBeamOff = energyBeamOff == null ? new long[energyOn.length] : energyBeamOff;
        }

        /** Histograms without the beam-off energy (then empty). */
        public Histograms(long[] energyOn, long[] energyOff, long[] timeSinceT0, long[] channelEnergy, long[] channelOn,
                          long[] shapeVsEnergy) {
            this(energyOn, energyOff, timeSinceT0, channelEnergy, channelOn, shapeVsEnergy, null);
        }
    }

    /** One point of the rate history: the run so far, at the end of a slice of beam pulses. */
    public record HistoryPoint(long pulses, double pot, long onCounts, long offCounts, double alpha, double excess,
                               double excessError, double expected) {
    }
}
