package eu.ess.cevns.kafka.consume;

import eu.ess.cevns.kafka.schema.LogData;

/**
 * The facility's proton charge per pulse as the designated host publishes it on the beam topic
 * (f144): pulses seen, charge summed, the last value. Shown beside the detectors; each detector's
 * own numbers use its host's own join of beam and readout, as its own analysis does.
 */
final class FacilityBeam {
    /** Elementary charge, C (SI, exact). */
    private static final double E_C = 1.602176634e-19;
    private final String chargeSource;
    private long pulses;
    private double chargeUc;
    private double lastChargeUc = Double.NaN;
    private long lastTimeNs;

    FacilityBeam(String chargeSource) {
        this.chargeSource = chargeSource;
    }

    /** Takes the log if it is the facility's charge; false otherwise. */
    boolean onLog(LogData m) {
        if (!m.sourceName().equals(chargeSource)) {
            return false;
        }
        pulses++;
        if (!Double.isNaN(m.value())) {
            chargeUc += m.value();
            lastChargeUc = m.value();
        }
        lastTimeNs = m.timestampNs();
        return true;
    }

    CombinedSummary.Beam summary() {
        return new CombinedSummary.Beam(chargeSource, pulses, chargeUc * 1e-6 / E_C, lastChargeUc, lastTimeNs);
    }
}
