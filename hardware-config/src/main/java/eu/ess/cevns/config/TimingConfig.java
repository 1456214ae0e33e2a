package eu.ess.cevns.config;

/**
 * How readout pulses are joined to ESS beam timing from EPICS.
 *
 * @param joinWaitMs       longest a waveform waits for its pulse's EPICS data before it is stored as UNKNOWN
 * @param t0ToleranceUs    largest difference between a readout pulse time and an EPICS T0 that still matches
 * @param minChargeUc      proton charge of a pulse at or above which (with beam present) it counts as ON
 * @param staleAfterPulses pulse periods without an EPICS update after which timing counts as lost
 * @param iocAddress       "host:port" of the timing IOC's pvAccess server, searched over TCP; null to search
 *                         by UDP broadcast on the usual addresses
 */
public record TimingConfig(double joinWaitMs, double t0ToleranceUs, double minChargeUc, int staleAfterPulses,
                           String iocAddress) {

    /** The same settings, searching for the timing IOC at {@code address}. */
    public TimingConfig withIocAddress(String address) {
        return new TimingConfig(joinWaitMs, t0ToleranceUs, minChargeUc, staleAfterPulses, address);
    }
}
