package eu.ess.cevns.sim;

import java.util.SplittableRandom;

/**
 * Steady background, uncorrelated with the beam: per channel a Poisson number of events per pulse
 * period (rate × 1/14 s), uniform in time over the period, with energies from a falling exponential
 * (mean {@code meanKeVee}) on top of a flat component up to {@code maxKeVee} — the usual shape of a
 * low-threshold detector's background spectrum.
 */
public final class BackgroundEvents implements EventSource {
    private final int channels;
    private final double meanPerPulse;
    private final long periodNs;
    private final double meanKeVee;
    private final double maxKeVee;
    private final double flatFraction;
    private final SplittableRandom random;

    public BackgroundEvents(int channels, double ratePerChannelHz, long periodNs, double meanKeVee, double maxKeVee,
                            double flatFraction, SplittableRandom random) {
        this.channels = channels;
        this.meanPerPulse = ratePerChannelHz * periodNs / 1e9;
        this.periodNs = periodNs;
        this.meanKeVee = meanKeVee;
        this.maxKeVee = maxKeVee;
        this.flatFraction = flatFraction;
        this.random = random;
    }

    @Override
    public void pulse(long pulseT0Ns, Sink sink) {
        for (int c = 0; c < channels; c++) {
            int n = Poisson.draw(random, meanPerPulse);
            for (int k = 0; k < n; k++) {
                double e = random.nextDouble() < flatFraction ? random.nextDouble() * maxKeVee
                        : Math.min(maxKeVee, -meanKeVee * Math.log(1 - random.nextDouble()));
                sink.onEvent(c, (long) (random.nextDouble() * periodNs), e);
            }
        }
    }
}
