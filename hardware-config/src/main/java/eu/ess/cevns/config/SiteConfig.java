package eu.ess.cevns.config;

import java.nio.file.Path;

/**
 * A site file: which detector this server reads out, where runs are stored, where it listens and
 * which PVs it uses. {@code detector} is the loaded, validated detector file; {@code detectorRef} is
 * how the site file named it. {@code writeToken} is null unless the site file sets one (the server
 * then creates {@code <dataRoot>/token}). {@code maxPrevPulseAgeMs} bounds how far the readout
 * header's previous pulse time may lie before its pulse time.
 */
public record SiteConfig(String source, String detectorRef, DetectorConfig detector, Path dataRoot,
                         String bindAddress, int udpPort, int tcpPort, int httpPort, int pvaPort,
                         String pvaPrefix, BeamPvs beamPvs, double maxPrevPulseAgeMs, String writeToken,
                         long storeRingBytes) {
}
