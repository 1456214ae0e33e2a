package eu.ess.cevns.sim;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.analysis.physics.Constants;
import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.analysis.physics.Exposure;
import eu.ess.cevns.analysis.physics.TimingProfile;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.DetectorConfig;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simulated detector's physics, pulse by pulse (the digitizer simulator's physics mode):
 * CEvNS at the rate {@link ExpectedRate} predicts for the pulse's proton charge (times a boost for
 * short tests), with the recoil spectrum it predicts and the time profile of prompt and delayed
 * neutrinos ({@link TimingProfile}); beam-related neutrons, in time with the proton pulse, with an
 * exponential recoil spectrum; and a steady background uniform over the period. Energies go out in
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
    private final double neutronsPerPulse;
    private final double neutronMeanKeVnr;
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

    /** Mean beam-related neutron recoils per beam pulse that {@code demo} and {@code simulate --physics} inject. */
    public static final double NEUTRONS_PER_PULSE = 0.05;

    /**
     * The physics {@code demo} and {@code simulate --physics} send: the ESS source ({@link Exposure#ESS_R})
     * with CEvNS boosted by {@code boost}, recoils down to the detector's threshold,
     * {@link #NEUTRONS_PER_PULSE} beam-related neutrons, and the steady background, tallied in the
     * on window of {@code windows}.
     */
    public static CevnsEventSource forSimulation(DetectorConfig detector, BeamSchedule beam, double boost, double backgroundRateHz,
                                                 BeamWindows windows, long seed) {
        return new CevnsEventSource(detector, beam, Exposure.ESS_R, boost, detector.thresholdKeVnr(), NEUTRONS_PER_PULSE,
                backgroundRateHz, windows.onStartUs(), windows.onEndUs(), seed);
    }

    /**
     * @param boost                 factor on the SM CEvNS rate (1 for the real thing)
     * @param neutronsPerPulse      mean beam-related neutron recoils per beam pulse
     * @param backgroundRateHz      steady background per channel
     * @param minKeVnr              lowest recoil drawn (below it nothing is detectable)
     */
    public CevnsEventSource(DetectorConfig detector, BeamSchedule beam, double neutrinosPerFlavorPerProton, double boost,
                            double minKeVnr, double neutronsPerPulse, double backgroundRateHz, double onStartUs, double onEndUs,
                            long seed) {
        this.beam = beam;
        this.rate = new ExpectedRate(detector);
        this.channels = (int) detector.digitizers().stream().flatMap(d -> d.channels().stream()).filter(c -> c.enabled()).count();
        // events per µC of protons: POT per µC = 1e-6 / e
        Exposure perUc = new Exposure(1e-6 / Constants.ELEMENTARY_CHARGE_C, neutrinosPerFlavorPerProton, detector.distanceM());
        double all = rate.events(minKeVnr, perUc);
        this.cevnsPerUc = all * boost;
        this.promptShare = rate.events(minKeVnr, perUc, 1, 0) / all;
        this.neutronsPerPulse = neutronsPerPulse;
        this.neutronMeanKeVnr = 20;
        this.backgroundPerChannelPerPulse = backgroundRateHz / EssPulse.RATE_HZ;
        this.backgroundMeanKeVee = 2.0;
        this.onStartUs = onStartUs;
        this.onEndUs = onEndUs;
        this.random = new SplittableRandom(seed);
        buildSpectrum(minKeVnr, perUc);
    }

    private void buildSpectrum(double minKeVnr, Exposure e) {
        double max = rate.maxRecoilKeV();
        double total = rate.events(minKeVnr, e);
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
            int n = Poisson.draw(random, cevnsPerUc * beam.chargeUc(k));
            for (int i = 0; i < n; i++) {
                double tUs = random.nextDouble() * TimingProfile.PULSE_US;
                if (random.nextDouble() >= promptShare) {
                    tUs += -Constants.MUON_LIFETIME_NS / 1000 * Math.log(1 - random.nextDouble());
                }
                emit(sink, tUs, rate.keVee(drawKeVnr()), cevnsInOn);
            }
            int neutrons = Poisson.draw(random, neutronsPerPulse);
            for (int i = 0; i < neutrons; i++) {
                // neutrons arrive during the proton pulse, within a few µs of their protons
                double tUs = random.nextDouble() * TimingProfile.PULSE_US + random.nextDouble() * 2;
                emit(sink, tUs, rate.keVee(-neutronMeanKeVnr * Math.log(1 - random.nextDouble())), neutronsInOn);
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
}
