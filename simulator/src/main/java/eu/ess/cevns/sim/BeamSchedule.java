package eu.ess.cevns.sim;

import eu.ess.cevns.config.EssPulse;
import java.util.SplittableRandom;

/**
 * What the simulated accelerator does on each pulse, as a pure function of the pulse number k (on
 * the {@link PulseClock} grid) and a seed, so that a test can ask afterwards what any pulse was.
 * Beam power gives the charge per pulse: Q = P / (E_p · 14 Hz), 71.4 µC at the initial 2 MW with
 * 2 GeV protons, 178.6 µC at the 5 MW design (ESS Technical Design Report, ESS-doc-274, 2013).
 * Trips start at random pulses ({@code tripsPerHour}) and keep the beam off for {@code tripSeconds};
 * planned beam-off periods of {@code beamOffSeconds} recur every {@code beamOffEverySeconds};
 * the charge of a beam pulse jitters by {@code jitterFraction} (Gaussian rms).
 */
public record BeamSchedule(double powerMw, double protonEnergyGeV, double jitterFraction, double tripsPerHour,
                           double tripSeconds, double beamOffEverySeconds, double beamOffSeconds, long seed) {

    public BeamSchedule {
        // fields are not assigned yet in a compact constructor, so the message names the parameters
        require(powerMw >= 0, "power must be >= 0 MW, got " + powerMw);
        require(protonEnergyGeV > 0, "proton energy must be > 0 GeV, got " + protonEnergyGeV);
        require(jitterFraction >= 0, "jitter must be >= 0, got " + jitterFraction);
        require(tripsPerHour >= 0, "trips per hour must be >= 0, got " + tripsPerHour);
        require(tripSeconds >= 0, "trip length must be >= 0 s, got " + tripSeconds);
        require(beamOffEverySeconds >= 0 && beamOffSeconds >= 0, "beam-off period and length must be >= 0 s, got every "
                + beamOffEverySeconds + " s for " + beamOffSeconds + " s");
        require(beamOffEverySeconds == 0 || beamOffSeconds < beamOffEverySeconds, "a planned beam-off of " + beamOffSeconds
                + " s must be shorter than its period of " + beamOffEverySeconds + " s");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("beam schedule: " + message);
        }
    }

    /** The interruptions in words, for a start-up line: "trips about 120 an hour (5 s each), 10 s beam-off every 120 s". */
    public String describeInterruptions() {
        String trips = tripsPerHour > 0 && tripSeconds > 0
                ? String.format("trips about %.0f an hour (%.0f s each)", tripsPerHour, tripSeconds) : "no trips";
        String planned = beamOffEverySeconds > 0 && beamOffSeconds > 0
                ? String.format("%.0f s beam-off every %.0f s", beamOffSeconds, beamOffEverySeconds) : "no planned beam-off";
        return trips + ", " + planned;
    }

    /** Nominal proton charge of one pulse, µC. */
    public double nominalChargeUc() {
        double currentA = powerMw * 1e6 / (protonEnergyGeV * 1e9);
        return currentA / EssPulse.RATE_HZ * 1e6;
    }

    public boolean plannedOff(long k) {
        if (beamOffEverySeconds <= 0 || beamOffSeconds <= 0) {
            return false;
        }
        long every = Math.round(beamOffEverySeconds * EssPulse.RATE_HZ);
        long off = Math.round(beamOffSeconds * EssPulse.RATE_HZ);
        return Math.floorMod(k, every) >= every - off;
    }

    public boolean tripped(long k) {
        if (tripsPerHour <= 0 || tripSeconds <= 0) {
            return false;
        }
        double p = tripsPerHour / 3600.0 / EssPulse.RATE_HZ;
        long span = Math.max(1, Math.round(tripSeconds * EssPulse.RATE_HZ));
        for (long j = k - span + 1; j <= k; j++) {
            if (random(j, 1).nextDouble() < p) {
                return true;
            }
        }
        return false;
    }

    /** Beam delivered on pulse k. */
    public boolean present(long k) {
        return powerMw > 0 && !plannedOff(k) && !tripped(k);
    }

    /** Proton charge of pulse k, µC (0 without beam). */
    public double chargeUc(long k) {
        return present(k) ? nominalChargeUc() * (1 + jitterFraction * random(k, 2).nextGaussian()) : 0.0;
    }

    /** Beam mode of pulse k as the IOC names it. */
    public String mode(long k) {
        return plannedOff(k) ? "BeamOff" : tripped(k) ? "Trip" : "Production";
    }

    private SplittableRandom random(long k, long stream) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ k * 0xBF58476D1CE4E5B9L ^ stream);
    }
}
