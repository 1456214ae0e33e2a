package eu.ess.cevns.config;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link SiteConfig} from a site file's tree, filling defaults: loopback, ports
 * 9000/9001 (UDP/TCP readout), 8080 (HTTP) and 5075 (pvAccess), the {@code CEvNS:DAQ:} prefix,
 * the beam PV names of DESIGN §4, a 1 s bound on the previous pulse time, a 64 MiB store ring and
 * the ESS expectation inputs (r = 0.3, no boost).
 */
final class SiteReader {
    static final int DEFAULT_UDP_PORT = 9000;
    static final int DEFAULT_TCP_PORT = 9001;
    static final int DEFAULT_HTTP_PORT = 8080;
    static final int DEFAULT_PVA_PORT = 5075;
    static final int DEFAULT_PVA_BROADCAST_PORT = 5076;
    static final String DEFAULT_PVA_PREFIX = "CEvNS:DAQ:";
    /** A shelf shorter than a few minutes is no shelf: the alarm would be back before anyone looked into it. */
    static final double MIN_SHELVE_HOURS = 0.1;
    static final double DEFAULT_MAX_PREV_PULSE_AGE_MS = 1000;
    static final long DEFAULT_RING_BYTES = 64L << 20;
    static final TimingConfig DEFAULT_TIMING = new TimingConfig(2000, 100, 1.0, 28, null);
    static final BeamWindows DEFAULT_WINDOWS = BeamWindows.DEFAULT;
    static final BeamPvs DEFAULT_BEAM_PVS = new BeamPvs("CEvNS:Beam:ProtonCharge", "CEvNS:Beam:Present",
            "CEvNS:Beam:Mode", "CEvNS:Beam:Power");

    private SiteReader() {
    }

    static SiteConfig defaults(String detectorRef, DetectorConfig detector, Path dataRoot) {
        return new SiteConfig("(defaults)", detectorRef, detector, dataRoot, "127.0.0.1",
                new Ports(DEFAULT_UDP_PORT, DEFAULT_TCP_PORT, DEFAULT_HTTP_PORT, DEFAULT_PVA_PORT, DEFAULT_PVA_BROADCAST_PORT),
                DEFAULT_PVA_PREFIX, DEFAULT_BEAM_PVS, new ReadoutSettings(DEFAULT_MAX_PREV_PULSE_AGE_MS), new StoreSettings(DEFAULT_RING_BYTES),
                DEFAULT_TIMING, DEFAULT_WINDOWS, null, null, AlarmLimits.DEFAULT, ExpectationInputs.DEFAULT);
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
        int pvaBroadcast = (int) ports.integer("pvaBroadcast", 0, 65535, DEFAULT_PVA_BROADCAST_PORT);
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
        String tokenFileName = root.string("writeTokenFile", null);
        if (token != null && tokenFileName != null) {
            throw new ConfigException(file, "writeTokenFile", "give writeToken or writeTokenFile, not both");
        }
        Path tokenFile = tokenFileName == null ? null : folder.resolve(tokenFileName).normalize();
        AlarmLimits alarms = alarms(root.optionalObject("alarms"), file);
        TimingConfig timing = timing(root.optionalObject("timing"));
        BeamWindows windows = windows(root.optionalObject("windows"), file);
        ExpectationInputs expectation = expectation(root.optionalObject("expectation"));
        root.done();
        return new SiteConfig(file, detectorRef, detector, dataRoot, bind, new Ports(udp, tcp, http, pva, pvaBroadcast), prefix, beam,
                new ReadoutSettings(maxPrev), new StoreSettings(ring), timing, windows, token, tokenFile, alarms, expectation);
    }

    private static ExpectationInputs expectation(YamlNode e) {
        ExpectationInputs d = ExpectationInputs.DEFAULT;
        double r = e.number("neutrinosPerFlavorPerProton", d.neutrinosPerFlavorPerProton());
        if (!(r > 0)) {
            throw e.error("neutrinosPerFlavorPerProton must be > 0, got " + r);
        }
        double boost = e.number("boost", d.boost());
        if (!(boost > 0)) {
            throw e.error("boost must be > 0 (1 for real data), got " + boost);
        }
        e.done();
        return new ExpectationInputs(r, boost);
    }

    private static TimingConfig timing(YamlNode t) {
        TimingConfig d = DEFAULT_TIMING;
        TimingConfig c = new TimingConfig(t.atLeast("joinWaitMs", 1, "ms", d.joinWaitMs()),
                t.atLeast("t0ToleranceUs", 0, "µs", d.t0ToleranceUs()),
                t.atLeast("minChargeUc", 0, "µC", d.minChargeUc()),
                (int) t.integer("staleAfterPulses", 1, 14 * 3600, d.staleAfterPulses()),
                t.string("iocAddress", null));
        t.done();
        return c;
    }

    private static AlarmLimits alarms(YamlNode a, String file) {
        AlarmLimits d = AlarmLimits.DEFAULT;
        if (a.has("noRunGraceS")) {
            throw new ConfigException(file, "alarms.noRunGraceS", "was replaced by alarms.delays.noRun.raiseS (with a clear delay, "
                    + "alarms.delays.noRun.clearS, so that beam trips do not end the alarm): move the value there");
        }
        AlarmLimits l = new AlarmLimits(a.atLeast("noDataS", 1, "s", d.noDataS()),
                a.atLeast("lostPacketsPerMin", 1, "packets", d.lostPacketsPerMin()),
                fraction(a, file, "lostFractionMajor", d.lostFractionMajor()),
                a.atLeast("rejectedPacketsPerMin", 1, "packets", d.rejectedPacketsPerMin()),
                fraction(a, file, "unknownPulseFraction", d.unknownPulseFraction()),
                a.atLeast("diskMinorGiB", 0, "GiB", d.diskMinorGiB()),
                a.atLeast("diskMajorGiB", 0, "GiB", d.diskMajorGiB()),
                a.atLeast("analysisLagS", 1, "s", d.analysisLagS()),
                a.atLeast("excessLowSigma", 1, "standard errors", d.excessLowSigma()),
                a.atLeast("excessMinExpected", 1, "events", d.excessMinExpected()),
                delays(a.optionalObject("delays"), file),
                a.atLeast("maxShelveHours", MIN_SHELVE_HOURS, "h", d.maxShelveHours()),
                a.bool("pvaActs", d.pvaActs()));
        a.done();
        if (l.diskMajorGiB() > l.diskMinorGiB()) {
            throw new ConfigException(file, "alarms.diskMajorGiB", "must not exceed alarms.diskMinorGiB (" + l.diskMinorGiB()
                    + " GiB): the major alarm is for less free space than the minor one");
        }
        return l;
    }

    /** {@code alarms.delays}: per alarm name, {@code raiseS} and {@code clearS}; what is not given keeps its default. */
    private static Map<String, AlarmDelay> delays(YamlNode node, String file) {
        Map<String, AlarmDelay> out = new TreeMap<>(AlarmLimits.DEFAULT_DELAYS);
        for (String name : node.keys()) {
            AlarmDelay fallback = AlarmLimits.DEFAULT_DELAYS.get(name);
            if (fallback == null) {
                throw new ConfigException(file, node.path() + "." + name, "no alarm of that name has delays; known: "
                        + String.join(", ", AlarmLimits.DEFAULT_DELAYS.keySet()));
            }
            YamlNode one = node.object(name);
            out.put(name, new AlarmDelay(one.atLeast("raiseS", 0, "s", fallback.raiseS()), one.atLeast("clearS", 0, "s", fallback.clearS())));
            one.done();
        }
        node.done();
        return out;
    }

    private static double fraction(YamlNode a, String file, String key, double fallback) {
        double v = a.atLeast(key, 0, "", fallback);
        if (v > 1) {
            throw new ConfigException(file, "alarms." + key, "must be a fraction, 0..1, got " + v);
        }
        return v;
    }

    private static BeamWindows windows(YamlNode w, String file) {
        BeamWindows d = DEFAULT_WINDOWS;
        BeamWindows b = new BeamWindows(w.atLeast("onStartUs", 0, "µs", d.onStartUs()), w.atLeast("onEndUs", 0, "µs", d.onEndUs()),
                w.atLeast("offStartUs", 0, "µs", d.offStartUs()), w.atLeast("offEndUs", 0, "µs", d.offEndUs()));
        w.done();
        String problem = WindowRules.check(b);
        if (problem != null) {
            throw new ConfigException(file, "windows", problem);
        }
        return b;
    }
}
