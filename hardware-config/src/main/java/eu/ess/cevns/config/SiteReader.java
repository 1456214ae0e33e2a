package eu.ess.cevns.config;

import java.nio.file.Path;

/**
 * Builds a {@link SiteConfig} from a site file's tree, filling defaults: loopback, ports
 * 9000/9001 (UDP/TCP readout), 8080 (HTTP) and 5075 (pvAccess), the {@code CEvNS:DAQ:} prefix,
 * the beam PV names of DESIGN §4, a 1 s bound on the previous pulse time and a 64 MiB store ring.
 */
final class SiteReader {
    static final int DEFAULT_UDP_PORT = 9000;
    static final int DEFAULT_TCP_PORT = 9001;
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_PVA_PORT = 5075;
    static final String DEFAULT_PVA_PREFIX = "CEvNS:DAQ:";
    static final double DEFAULT_MAX_PREV_PULSE_AGE_MS = 1000;
    static final long DEFAULT_RING_BYTES = 64L << 20;
    static final BeamPvs DEFAULT_BEAM_PVS = new BeamPvs("CEvNS:Beam:ProtonCharge", "CEvNS:Beam:Present",
            "CEvNS:Beam:Mode", "CEvNS:Beam:Power");

    private SiteReader() {
    }

    static SiteConfig defaults(String detectorRef, DetectorConfig detector, Path dataRoot) {
        return new SiteConfig("(defaults)", detectorRef, detector, dataRoot, "127.0.0.1", DEFAULT_UDP_PORT,
                DEFAULT_TCP_PORT, DEFAULT_HTTP_PORT, DEFAULT_PVA_PORT, DEFAULT_PVA_PREFIX, DEFAULT_BEAM_PVS,
                DEFAULT_MAX_PREV_PULSE_AGE_MS, null, DEFAULT_RING_BYTES);
    }

    static SiteConfig read(YamlNode root, String file, Path folder) {
        String detectorRef = root.string("detector");
        DetectorConfig detector = ConfigLoader.detectorByRef(detectorRef, folder, file, "detector");
        Path dataRoot = folder.resolve(root.string("dataRoot")).normalize();
        String bind = root.string("bindAddress", "127.0.0.1");
        YamlNode ports = root.optionalObject("ports");
        int udp = (int) ports.integer("udp", 0, 65535, DEFAULT_UDP_PORT);
        int tcp = (int) ports.integer("tcp", 0, 65535, DEFAULT_TCP_PORT);
        int http = (int) ports.integer("http", 0, 65535, DEFAULT_HTTP_PORT);
        int pva = (int) ports.integer("pva", 0, 65535, DEFAULT_PVA_PORT);
        ports.done();
        String prefix = root.string("pvaPrefix", DEFAULT_PVA_PREFIX);
        YamlNode pvs = root.optionalObject("beamPvs");
        BeamPvs beam = new BeamPvs(pvs.string("protonCharge", DEFAULT_BEAM_PVS.protonCharge()),
                pvs.string("present", DEFAULT_BEAM_PVS.present()),
                pvs.string("mode", DEFAULT_BEAM_PVS.mode()),
                pvs.string("power", DEFAULT_BEAM_PVS.power()));
        pvs.done();
        YamlNode readout = root.optionalObject("readout");
        double maxPrev = readout.atLeast("maxPrevPulseAgeMs", 1, "ms", DEFAULT_MAX_PREV_PULSE_AGE_MS);
        readout.done();
        YamlNode store = root.optionalObject("store");
        long ring = store.integer("ringBytes", 1L << 20, 1L << 30, DEFAULT_RING_BYTES);
        if (Long.bitCount(ring) != 1) {
            throw new ConfigException(file, "store.ringBytes", "must be a power of two (e.g. 67108864 for 64 MiB), got " + ring);
        }
        store.done();
        String token = root.string("writeToken", null);
        root.done();
        return new SiteConfig(file, detectorRef, detector, dataRoot, bind, udp, tcp, http, pva, prefix, beam, maxPrev,
                token, ring);
    }
}
