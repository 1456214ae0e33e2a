package eu.ess.cevns.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

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
    static final int DEFAULT_PVA_BROADCAST_PORT = 5076;
    static final String DEFAULT_PVA_PREFIX = "CEvNS:DAQ:";
    /** A DNS name (labels of letters, digits and hyphens), as a browser puts it in a Host header. */
    static final Pattern HOST_NAME = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
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
                DEFAULT_TIMING, DEFAULT_WINDOWS, null, null, AlarmLimits.DEFAULT, PvaWrites.OFF, HttpSettings.DEFAULT);
    }

    /**
     * The site of {@code root}; every problem is recorded in the root's {@link ConfigProblems}
     * (the caller throws them), and {@code forServer} adds what a server needs of this machine
     * ({@link SiteChecks}).
     */
    static SiteConfig read(YamlNode root, String file, Path folder, boolean forServer) {
        ConfigProblems problems = root.problems();
        String detectorRef = root.string("detector");
        DetectorConfig detector = detectorRef.isEmpty() ? null : ConfigLoader.detectorByRef(detectorRef, folder, file, "detector", problems);
        String dataRootName = root.string("dataRoot");
        Path dataRoot = dataRootName.isEmpty() ? null : folder.resolve(dataRootName).normalize();
        String bind = root.string("bindAddress", "127.0.0.1");
        YamlNode ports = root.optionalObject("ports");
        Ports listen = new Ports((int) ports.integer("udp", 0, 65535, DEFAULT_UDP_PORT),
                (int) ports.integer("tcp", 0, 65535, DEFAULT_TCP_PORT),
                (int) ports.integer("http", 0, 65535, DEFAULT_HTTP_PORT),
                (int) ports.integer("pva", 0, 65535, DEFAULT_PVA_PORT),
                (int) ports.integer("pvaBroadcast", 0, 65535, DEFAULT_PVA_BROADCAST_PORT));
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
            store.report("ringBytes", "must be a power of two (e.g. 67108864 for 64 MiB), got " + ring);
        }
        store.done();
        String token = root.string("writeToken", null);
        String tokenFileName = root.string("writeTokenFile", null);
        if (token != null && tokenFileName != null) {
            root.report("writeTokenFile", "give writeToken or writeTokenFile, not both");
        }
        Path tokenFile = tokenFileName == null ? null : folder.resolve(tokenFileName).normalize();
        AlarmLimits alarms = alarms(root.optionalObject("alarms"));
        TimingConfig timing = timing(root.optionalObject("timing"));
        BeamWindows windows = windows(root.optionalObject("windows"));
        PvaWrites pvaWrites = pvaWrites(root.optionalObject("pvaWrites"));
        YamlNode httpNode = root.optionalObject("http");
        HttpSettings http = new HttpSettings(httpNode.strings("allowedHosts", HOST_NAME, "a host name such as cevns-daq.ess.eu (no scheme, no port)"));
        httpNode.done();
        root.done();
        if (forServer) {
            SiteChecks.report(problems, file, "bindAddress", SiteChecks.bindAddressProblem(bind));
            SiteChecks.portProblems(listen, file, problems);
            if (tokenFile != null) {
                SiteChecks.report(problems, file, "writeTokenFile", SiteChecks.tokenFileProblem(tokenFile));
            }
            if (token != null) {
                SiteChecks.report(problems, file, "writeToken", SiteChecks.inlineTokenProblem(Path.of(file)));
            }
        }
        return new SiteConfig(file, detectorRef, detector, dataRoot, bind, listen, prefix, beam,
                new ReadoutSettings(maxPrev), new StoreSettings(ring), timing, windows, token, tokenFile, alarms, pvaWrites, http);
    }

    private static PvaWrites pvaWrites(YamlNode w) {
        boolean enabled = w.bool("enabled", false);
        List<PvaWrites.Client> allow = new ArrayList<>();
        if (w.has("allow")) {
            for (YamlNode c : w.list("allow")) {
                c.asObject();
                String host = c.string("host", null);
                String user = c.string("user", null);
                c.done();
                if (host == null && user == null && !c.abandoned()) {
                    c.report("names no client: give host, user or both (as EPICS access security's HAG and UAG)");
                }
                allow.add(new PvaWrites.Client(host, user));
            }
        } else {
            w.optionalObject("allow");
            if (enabled) {
                w.report("allow", "missing: with enabled: true, list the clients that may write ({host: ..., user: ...}); nobody else can");
            }
        }
        w.done();
        return new PvaWrites(enabled, allow);
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

    private static AlarmLimits alarms(YamlNode a) {
        AlarmLimits d = AlarmLimits.DEFAULT;
        int before = a.problems().count();
        AlarmLimits l = new AlarmLimits(a.atLeast("noDataS", 1, "s", d.noDataS()),
                a.atLeast("lostPacketsPerMin", 1, "packets", d.lostPacketsPerMin()),
                fraction(a, "lostFractionMajor", d.lostFractionMajor()),
                a.atLeast("rejectedPacketsPerMin", 1, "packets", d.rejectedPacketsPerMin()),
                fraction(a, "unknownPulseFraction", d.unknownPulseFraction()),
                a.atLeast("diskMinorGiB", 0, "GiB", d.diskMinorGiB()),
                a.atLeast("diskMajorGiB", 0, "GiB", d.diskMajorGiB()),
                a.atLeast("analysisLagS", 1, "s", d.analysisLagS()),
                a.atLeast("excessLowSigma", 1, "standard errors", d.excessLowSigma()),
                a.atLeast("excessMinExpected", 1, "events", d.excessMinExpected()),
                a.atLeast("noRunGraceS", 0, "s", d.noRunGraceS()));
        a.done();
        if (a.problems().count() == before && l.diskMajorGiB() > l.diskMinorGiB()) {
            a.report("diskMajorGiB", "must not exceed alarms.diskMinorGiB (" + l.diskMinorGiB()
                    + " GiB), got " + l.diskMajorGiB() + ": the major alarm is for less free space than the minor one");
        }
        return l;
    }

    private static double fraction(YamlNode a, String key, double fallback) {
        double v = a.atLeast(key, 0, "", fallback);
        if (v > 1) {
            a.report(key, "must be a fraction, 0..1, got " + v);
            return fallback;
        }
        return v;
    }

    private static BeamWindows windows(YamlNode w) {
        BeamWindows d = DEFAULT_WINDOWS;
        int before = w.problems().count();
        BeamWindows b = new BeamWindows(w.atLeast("onStartUs", 0, "µs", d.onStartUs()), w.atLeast("onEndUs", 0, "µs", d.onEndUs()),
                w.atLeast("offStartUs", 0, "µs", d.offStartUs()), w.atLeast("offEndUs", 0, "µs", d.offEndUs()));
        w.done();
        String problem = w.problems().count() == before ? WindowRules.check(b) : null;
        if (problem != null) {
            w.report(problem);
        }
        return b;
    }
}
