package eu.ess.cevns.sim;

import eu.ess.cevns.analysis.physics.BeamNeutronRate;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.analysis.physics.Constants;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.analysis.physics.TimingProfile;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.ExpectationInputs;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * The simulated detector's physics, pulse by pulse (the digitizer simulator's physics mode):
 * CEvNS at the rate {@link ExpectedRate} predicts for the pulse's proton charge (times a boost for
 * short tests), with the recoil spectrum it predicts and the time profile of prompt and delayed
 * neutrinos ({@link TimingProfile}); beam-related neutrons exactly as the detector file describes
 * them ({@link BeamNeutronRate}: rate per proton, recoil spectrum, delay after the proton pulse),
 * boosted alike; and a steady background uniform over the period. Energies go out in
 * keVee (quenched). The events with a beam pulse in [onStartUs, onEndUs] are tallied by kind, so a
 * test knows exactly what it injected.
 */
public final class CevnsEventSource implements EventSource {
    private static final int SPECTRUM_POINTS = 400;

    private final BeamSchedule beam;
    private final ExpectedRate rate;
    private final int channels;
    private final double cevnsPerUc;
    private final double promptShare;
    private final BeamNeutronRate neutrons;
    private final double neutronsPerUc;
    private final double minKeVnr;
    private final double backgroundPerChannelPerPulse;
    private final double backgroundMeanKeVee;
    private final double onStartUs;
    private final double onEndUs;
    private final SplittableRandom random;
    private final double[] cdfKeVnr = new double[SPECTRUM_POINTS];
    private final double[] cdf = new double[SPECTRUM_POINTS];
    private final AtomicLong cevnsInOn = new AtomicLong();
    private final AtomicLong neutronsInOn = new AtomicLong();
    private final AtomicLong backgroundInOn = new AtomicLong();
    private final DoubleAdder cevnsMeanInOn = new DoubleAdder();
    private final double onFractionCevns;

    /**
     * The physics {@code demo} and {@code simulate --physics} send: the ESS source ({@link Exposure#ESS_R})
     * with CEvNS and beam-related neutrons boosted by {@code boost}, recoils down to the detector's
     * threshold, and the steady background, tallied in the on window of {@code windows}.
     */
    public static CevnsEventSource forSimulation(DetectorConfig detector, BeamSchedule beam, double boost, double backgroundRateHz,
                                                 BeamWindows windows, long seed) {
        return forSimulation(detector, beam, new ExpectationInputs(Exposure.ESS_R, boost), backgroundRateHz, windows, seed);
    }

    /** The same with the source's r and the boost as a site records them ({@code demo}: the run's expectation inputs). */
    public static CevnsEventSource forSimulation(DetectorConfig detector, BeamSchedule beam, ExpectationInputs inputs,
                                                 double backgroundRateHz, BeamWindows windows, long seed) {
        return new CevnsEventSource(detector, beam, inputs, detector.thresholdKeVnr(), backgroundRateHz, windows.onStartUs(),
                windows.onEndUs(), seed);
    }

    /**
     * @param inputs                r and the boost on every beam-correlated rate (boost 1 for the real thing)
     * @param minKeVnr              lowest recoil drawn (below it nothing is detectable)
     * @param backgroundRateHz      steady background per channel
     */
    public CevnsEventSource(DetectorConfig detector, BeamSchedule beam, ExpectationInputs inputs, double minKeVnr,
                            double backgroundRateHz, double onStartUs, double onEndUs, long seed) {
        double neutrinosPerFlavorPerProton = inputs.neutrinosPerFlavorPerProton();
        double boost = inputs.boost();
        this.beam = beam;
        this.rate = new ExpectedRate(detector);
        this.channels = (int) detector.digitizers().stream().flatMap(d -> d.channels().stream()).filter(c -> c.enabled()).count();
        // events per µC of protons: POT per µC = 1e-6 / e
        Exposure perUc = new Exposure(1e-6 / Constants.ELEMENTARY_CHARGE_C, neutrinosPerFlavorPerProton, detector.distanceM());
        double all = rate.events(minKeVnr, perUc);
        this.cevnsPerUc = all * boost;
        // r = 0 simulates a detector without neutrinos (the beam-related neutrons alone)
        this.promptShare = all > 0 ? rate.events(minKeVnr, perUc, 1, 0) / all : 0;
        this.neutrons = new BeamNeutronRate(detector);
        this.neutronsPerUc = neutrons.eventsPerProton(minKeVnr) * perUc.pot() * boost;
        this.minKeVnr = minKeVnr;
        this.backgroundPerChannelPerPulse = backgroundRateHz / EssPulse.RATE_HZ;
        this.backgroundMeanKeVee = 2.0;
        this.onStartUs = onStartUs;
        this.onEndUs = onEndUs;
        this.onFractionCevns = promptShare * TimingProfile.promptFraction(onStartUs, onEndUs)
                + (1 - promptShare) * TimingProfile.delayedFraction(onStartUs, onEndUs);
        this.random = new SplittableRandom(seed);
        buildSpectrum(minKeVnr, perUc);
    }

    private void buildSpectrum(double minKeVnr, Exposure e) {
        double max = rate.maxRecoilKeV();
        double total = rate.events(minKeVnr, e);
        if (!(total > 0)) {
            return;
        }
        for (int i = 0; i < SPECTRUM_POINTS; i++) {
            double t = minKeVnr * Math.pow(max / minKeVnr, i / (SPECTRUM_POINTS - 1.0));
            cdfKeVnr[i] = t;
            cdf[i] = 1 - rate.events(t, e) / total;
        }
    }

    private double drawKeVnr() {
        double u = random.nextDouble();
        int lo = 0;
        int hi = SPECTRUM_POINTS - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= u) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double f = cdf[hi] > cdf[lo] ? (u - cdf[lo]) / (cdf[hi] - cdf[lo]) : 0;
        return cdfKeVnr[lo] + f * (cdfKeVnr[hi] - cdfKeVnr[lo]);
    }

    @Override
    public void pulse(long pulseT0Ns, Sink sink) {
        long k = PulseClock.pulseNumber(pulseT0Ns);
        if (beam.present(k)) {
            double mean = cevnsPerUc * beam.chargeUc(k);
            cevnsMeanInOn.add(mean * onFractionCevns);
            int n = Poisson.draw(random, mean);
            for (int i = 0; i < n; i++) {
                double tUs = random.nextDouble() * TimingProfile.PULSE_US;
                if (random.nextDouble() >= promptShare) {
                    tUs += -Constants.MUON_LIFETIME_NS / 1000 * Math.log(1 - random.nextDouble());
                }
                emit(sink, tUs, rate.keVee(drawKeVnr()), cevnsInOn);
            }
            int n2 = Poisson.draw(random, neutronsPerUc * beam.chargeUc(k));
            for (int i = 0; i < n2; i++) {
                // neutrons follow their protons through the pulse, after a delay of flight and moderation
                double tUs = random.nextDouble() * TimingProfile.PULSE_US - neutrons.delayUs() * Math.log(1 - random.nextDouble());
                emit(sink, tUs, rate.keVee(neutrons.drawKeVnr(random, minKeVnr)), neutronsInOn);
            }
        }
        for (int c = 0; c < channels; c++) {
            int n = Poisson.draw(random, backgroundPerChannelPerPulse);
            for (int i = 0; i < n; i++) {
                double tUs = random.nextDouble() * (EssPulse.PERIOD_NS / 1000.0);
                double e = -backgroundMeanKeVee * Math.log(1 - random.nextDouble());
                if (beam.present(k)) {
                    if (tUs >= onStartUs && tUs < onEndUs) {
                        backgroundInOn.incrementAndGet();
                    }
                }
                sink.onEvent(c, (long) (tUs * 1000), e);
            }
        }
    }

    private void emit(Sink sink, double tUs, double keVee, AtomicLong inOn) {
        if (tUs >= onStartUs && tUs < onEndUs) {
            inOn.incrementAndGet();
        }
        if (tUs * 1000 < EssPulse.PERIOD_NS) {
            sink.onEvent(random.nextInt(channels), (long) (tUs * 1000), keVee);
        }
    }
    /** CEvNS events injected in the on window of beam pulses. */
    public long cevnsInOnWindow() {
        return cevnsInOn.get();
    }

    /**
     * CEvNS the pulses sent so far should have put in the on window, on average (their charge times
     * the rate): {@link #cevnsInOnWindow()} over this is the signal strength this simulation drew.
     */
    public double cevnsMeanInOnWindow() {
        return cevnsMeanInOn.sum();
    }

    /** Beam-related neutrons injected in the on window of beam pulses. */
    public long neutronsInOnWindow() {
        return neutronsInOn.get();
    }

    /** Steady background that fell in the on window of beam pulses. */
    public long backgroundInOnWindow() {
        return backgroundInOn.get();
    }

    /** Mean CEvNS per beam pulse at the nominal charge (boost included). */
    public double cevnsPerPulse() {
        return cevnsPerUc * beam.nominalChargeUc();
    }

    /** Mean beam-related neutrons per beam pulse at the nominal charge (boost included). */
    public double neutronsPerPulse() {
        return neutronsPerUc * beam.nominalChargeUc();
    }
}
