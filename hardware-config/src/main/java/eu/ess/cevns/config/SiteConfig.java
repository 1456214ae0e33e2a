package eu.ess.cevns.config;

import java.nio.file.Path;

/**
 * A site file: which detector this server reads out, where runs are stored, where it listens and
 * which PVs it uses. {@code detector} is the loaded, validated detector file; {@code detectorRef} is
 * how the site file named it. {@code writeToken} is null unless the site file sets one (the server
 * then creates {@code <dataRoot>/token}); {@code writeTokenFile}, if set, names a file
 * holding it (mode 0600 required). {@code maxPrevPulseAgeMs} bounds how far the readout
 * header's previous pulse time may lie before its pulse time. {@code timing} says how pulses are
 * joined to EPICS beam timing; {@code windows} are the initial on/off windows; {@code alarms} where
 * the DAQ's alarms trip.
 */
public record SiteConfig(String source, String detectorRef, DetectorConfig detector, Path dataRoot,
                         String bindAddress, int udpPort, int tcpPort, int httpPort, int pvaPort, int pvaBroadcastPort,
                         String pvaPrefix, BeamPvs beamPvs, double maxPrevPulseAgeMs, String writeToken,
                         long storeRingBytes, TimingConfig timing, BeamWindows windows, Path writeTokenFile,
                         AlarmLimits alarms) {

    /** The same site listening elsewhere (0 for a free port). */
    public SiteConfig withListen(String bind, int udp, int tcp, int http, int pva) {
        return withListen(bind, udp, tcp, http, pva, pva == 0 ? 0 : pvaBroadcastPort);
    }

    /** The same site listening elsewhere, with the pvAccess search (UDP) port too. */
    public SiteConfig withListen(String bind, int udp, int tcp, int http, int pva, int pvaBroadcast) {
        return new SiteConfig(source, detectorRef, detector, dataRoot, bind, udp, tcp, http, pva, pvaBroadcast, pvaPrefix, beamPvs,
                maxPrevPulseAgeMs, writeToken, storeRingBytes, timing, windows, writeTokenFile, alarms);
    }

    public SiteConfig withDataRoot(Path root) {
        return new SiteConfig(source, detectorRef, detector, root, bindAddress, udpPort, tcpPort, httpPort, pvaPort, pvaBroadcastPort, pvaPrefix,
                beamPvs, maxPrevPulseAgeMs, writeToken, storeRingBytes, timing, windows, writeTokenFile, alarms);
    }

    public SiteConfig withPvaPrefix(String prefix) {
        return new SiteConfig(source, detectorRef, detector, dataRoot, bindAddress, udpPort, tcpPort, httpPort, pvaPort, pvaBroadcastPort, prefix,
                beamPvs, maxPrevPulseAgeMs, writeToken, storeRingBytes, timing, windows, writeTokenFile, alarms);
    }

    public SiteConfig withWriteToken(String token) {
        return new SiteConfig(source, detectorRef, detector, dataRoot, bindAddress, udpPort, tcpPort, httpPort, pvaPort, pvaBroadcastPort, pvaPrefix,
                beamPvs, maxPrevPulseAgeMs, token, storeRingBytes, timing, windows, writeTokenFile, alarms);
    }

    public SiteConfig withStoreRingBytes(long bytes) {
        return new SiteConfig(source, detectorRef, detector, dataRoot, bindAddress, udpPort, tcpPort, httpPort, pvaPort, pvaBroadcastPort, pvaPrefix,
                beamPvs, maxPrevPulseAgeMs, writeToken, bytes, timing, windows, writeTokenFile, alarms);
    }

    public SiteConfig withTiming(TimingConfig t) {
        return new SiteConfig(source, detectorRef, detector, dataRoot, bindAddress, udpPort, tcpPort, httpPort, pvaPort, pvaBroadcastPort, pvaPrefix,
                beamPvs, maxPrevPulseAgeMs, writeToken, storeRingBytes, t, windows, writeTokenFile, alarms);
    }

    public SiteConfig withAlarms(AlarmLimits a) {
        return new SiteConfig(source, detectorRef, detector, dataRoot, bindAddress, udpPort, tcpPort, httpPort, pvaPort, pvaBroadcastPort, pvaPrefix,
                beamPvs, maxPrevPulseAgeMs, writeToken, storeRingBytes, timing, windows, writeTokenFile, a);
    }
}
