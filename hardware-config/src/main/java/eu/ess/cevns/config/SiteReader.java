package eu.ess.cevns.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Builds a {@link SiteConfig} from a site file's tree, filling defaults: loopback, ports
 * 9000/9001 (UDP/TCP readout), 8080 (HTTP) and 5075 (pvAccess), the {@code CEvNS:DAQ:} prefix,
 * the beam PV names of DESIGN §4, a 1 s bound on the previous pulse time, a 64 MiB store ring and a
 * 256 MiB free-space reserve on the data root, without automatic restart after a full disk or
 * syncs to disk, two UDP receive threads asking for 32 MiB of receive buffer each, the ESS
 * expectation inputs (r = 0.3, no boost), and the live analysis in the server's process at nice 10.
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
    /** A DNS name (labels of letters, digits and hyphens), as a browser puts it in a Host header. */
    static final Pattern HOST_NAME = Pattern.compile("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\\.?");
    static final double DEFAULT_MAX_PREV_PULSE_AGE_MS = 1000;
    /**
     * Larger than any loss the receive path can suffer at once and still count (the 32 MiB UDP
     * socket buffer holds about 3 700 jumbo datagrams; a 10 s link outage at 10 000 packets/s per
     * output queue is 100 000), and small against the 2³² sequence numbers, so that one corrupt
     * number adds at most this many to the lost count (configuration.md).
     */
    static final long DEFAULT_RESYNC_WINDOW = 100_000;
    /**
     * Ten minutes: far above the offsets a healthy system shows (NTP keeps the server within
     * milliseconds of the ESS timing system; a front-end on TAI reads 37 s ahead of UTC; a clock left
     * without NTP for a week drifts by seconds), far below what a corrupt or unset seconds field gives
     * (any flipped bit above bit 9 moves the time by more than 17 minutes; 1970, 2106). What it lets
     * through bounds how wrong the time axis and the analysis lag can be (configuration.md).
     */
    static final double DEFAULT_CLOCK_TOLERANCE_S = 600;
    /** Above it a step could not be told forward from back: sequence numbers are u32 and wrap. */
    static final long MAX_RESYNC_WINDOW = (1L << 31) - 1;
    static final long DEFAULT_RING_BYTES = 64L << 20;
    static final StoreSettings DEFAULT_STORE = new StoreSettings(DEFAULT_RING_BYTES, StoreSettings.DEFAULT_RESERVE_BYTES, false);
    static final TimingConfig DEFAULT_TIMING = new TimingConfig(2000, 100, 1.0, 28, null);
    static final BeamWindows DEFAULT_WINDOWS = BeamWindows.DEFAULT;
    static final BeamPvs DEFAULT_BEAM_PVS = new BeamPvs("CEvNS:Beam:ProtonCharge", "CEvNS:Beam:Present",
            "CEvNS:Beam:Mode", "CEvNS:Beam:Power");

    private SiteReader() {
    }

    static SiteConfig defaults(String detectorRef, DetectorConfig detector, Path dataRoot) {
        return new SiteConfig("(defaults)", detectorRef, detector, dataRoot, "127.0.0.1",
                new Ports(DEFAULT_UDP_PORT, DEFAULT_TCP_PORT, DEFAULT_HTTP_PORT, DEFAULT_PVA_PORT, DEFAULT_PVA_BROADCAST_PORT),
                DEFAULT_PVA_PREFIX, DEFAULT_BEAM_PVS, new ReadoutSettings(DEFAULT_MAX_PREV_PULSE_AGE_MS, DEFAULT_RESYNC_WINDOW,
                DEFAULT_CLOCK_TOLERANCE_S), DEFAULT_STORE,
                DEFAULT_TIMING, DEFAULT_WINDOWS, null, null, AlarmLimits.DEFAULT, ExpectationInputs.DEFAULT, KafkaSettings.OFF,
                HistorySettings.DEFAULT, PvaWrites.OFF, HttpSettings.DEFAULT, AnalysisSettings.DEFAULT, AccountsSettings.DEFAULT);
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
        long resyncWindow = readout.integer("resyncWindow", 1, MAX_RESYNC_WINDOW, DEFAULT_RESYNC_WINDOW);
        double clockTolerance = readout.atLeast("clockToleranceS", 1, "s", DEFAULT_CLOCK_TOLERANCE_S);
        int udpThreads = (int) readout.integer("udpThreads", 1, ReadoutSettings.MAX_UDP_THREADS, ReadoutSettings.DEFAULT_UDP_THREADS);
        long udpBuffer = readout.integer("udpReceiveBufferBytes", ReadoutSettings.MIN_UDP_RECEIVE_BUFFER_BYTES,
                ReadoutSettings.MAX_UDP_RECEIVE_BUFFER_BYTES, ReadoutSettings.DEFAULT_UDP_RECEIVE_BUFFER_BYTES);
        readout.done();
        YamlNode store = root.optionalObject("store");
        long ring = store.integer("ringBytes", 1L << 20, 1L << 30, DEFAULT_RING_BYTES);
        if (Long.bitCount(ring) != 1) {
            store.report("ringBytes", "must be a power of two (e.g. 67108864 for 64 MiB), got " + ring);
        }
        long reserveMb = store.integer("reserveMb", StoreSettings.MIN_RESERVE_BYTES >> 20, 1L << 30,
                DEFAULT_STORE.reserveBytes() >> 20);
        boolean autoRestart = store.bool("autoRestart", DEFAULT_STORE.autoRestart());
        StoreSync sync = storeSync(store);
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
        List<String> allowedHosts = httpNode.strings("allowedHosts", HOST_NAME, "a host name such as cevns-daq.ess.eu (no scheme, no port)");
        TlsSettings tls = tls(httpNode.optionalObject("tls"), folder);
        httpNode.done();
        HttpSettings http = new HttpSettings(allowedHosts, tls);
        AccountsSettings accounts = accounts(root.optionalObject("accounts"), folder);
        ExpectationInputs expectation = expectation(root.optionalObject("expectation"));
        KafkaSettings kafka = kafka(root.optionalObject("kafka"));
        HistorySettings history = history(root.optionalObject("history"));
        AnalysisSettings analysis = analysis(root.optionalObject("analysis"));
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
            SiteChecks.accessProblems(http, accounts, file, problems);
        }
        return new SiteConfig(file, detectorRef, detector, dataRoot, bind, listen, prefix, beam,
                new ReadoutSettings(maxPrev, resyncWindow, clockTolerance, udpThreads, udpBuffer),
                new StoreSettings(ring, reserveMb << 20, autoRestart, sync), timing, windows, token, tokenFile, alarms, expectation, kafka,
                history, pvaWrites, http, analysis, accounts);
    }

    private static AnalysisSettings analysis(YamlNode a) {
        AnalysisSettings d = AnalysisSettings.DEFAULT;
        String url = a.string("url", "");
        if (!url.isEmpty() && !url.matches("https?://[^\\s/]+.*")) {
            a.report("url", "must be the http:// or https:// address of the analysis process's page, e.g. http://daq-analysis:8090/, got " + url);
            url = "";
        }
        AnalysisSettings s = new AnalysisSettings(a.bool("inProcess", d.inProcess()), (int) a.integer("nice", 0, 19, d.nice()), url);
        a.done();
        return s;
    }

    /** {@code store.sync}; a text that is no policy is reported, and the default stands in for it. */
    private static StoreSync storeSync(YamlNode store) {
        String text = store.string("sync", DEFAULT_STORE.sync().text());
        try {
            return StoreSync.parse(text);
        } catch (IllegalArgumentException e) {
            store.report("sync", e.getMessage());
            return DEFAULT_STORE.sync();
        }
    }

    private static TlsSettings tls(YamlNode t, Path folder) {
        String cert = t.string("certificate", null);
        String key = t.string("key", null);
        t.done();
        if (cert == null && key == null) {
            return null;
        }
        if (cert == null || key == null) {
            t.report(cert == null ? "certificate" : "key", "missing: TLS needs both a PEM certificate and its PEM private key");
            return null;
        }
        return new TlsSettings(folder.resolve(cert).normalize(), folder.resolve(key).normalize());
    }

    private static AccountsSettings accounts(YamlNode a, Path folder) {
        AccountsSettings d = AccountsSettings.DEFAULT;
        String fileName = a.string("file", null);
        boolean readsOpen = a.bool("readsOpen", d.readsOpen());
        int idle = (int) a.integer("sessionIdleMinutes", 1, 7 * 24 * 60, d.sessionIdleMinutes());
        int failed = (int) a.integer("failedLogins", 1, 1000, d.failedLogins());
        int lockout = (int) a.integer("lockoutSeconds", 0, 24 * 3600, d.lockoutSeconds());
        a.done();
        if (fileName == null && !readsOpen) {
            a.report("readsOpen", "false needs an accounts file (accounts.file) with viewer accounts: nobody could read otherwise");
        }
        return new AccountsSettings(fileName == null ? null : folder.resolve(fileName).normalize(), readsOpen, idle, failed, lockout);
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

    private static HistorySettings history(YamlNode h) {
        HistorySettings d = HistorySettings.DEFAULT;
        HistorySettings.Tier fine = tier(h.optionalObject("fine"), d.fine());
        HistorySettings.Tier coarse = tier(h.optionalObject("coarse"), d.coarse());
        h.done();
        HistorySettings s = new HistorySettings(fine, coarse);
        String problem = HistorySettings.problem(s);
        if (problem != null) {
            h.report(problem);
            return d;
        }
        return s;
    }

    private static HistorySettings.Tier tier(YamlNode t, HistorySettings.Tier d) {
        int resolution = (int) t.integer("resolutionS", 1, 86_400, d.resolutionS());
        long keep = t.integer("keepS", resolution, 100L * 365 * 86_400, d.keepS());
        t.done();
        HistorySettings.Tier tier = new HistorySettings.Tier(resolution, keep);
        if (keep / resolution > HistorySettings.MAX_BUCKETS) {
            t.report("keepS / resolutionS is " + keep / resolution + " buckets; at most " + HistorySettings.MAX_BUCKETS
                    + " (a longer resolution keeps longer in the same space)");
            return d;
        }
        return tier;
    }

    private static ExpectationInputs expectation(YamlNode e) {
        ExpectationInputs d = ExpectationInputs.DEFAULT;
        double r = e.number("neutrinosPerFlavorPerProton", d.neutrinosPerFlavorPerProton());
        if (!(r > 0)) {
            e.report("neutrinosPerFlavorPerProton", "must be > 0, got " + r);
        }
        double boost = e.number("boost", d.boost());
        if (!(boost > 0)) {
            e.report("boost", "must be > 0 (1 for real data), got " + boost);
        }
        e.done();
        return new ExpectationInputs(r > 0 ? r : d.neutrinosPerFlavorPerProton(), boost > 0 ? boost : d.boost());
    }

    /** Client properties the publisher sets itself: a site file must not change what its delivery guarantee rests on. */
    static final Set<String> KAFKA_OWN_PROPERTIES = Set.of("bootstrap.servers", "acks", "enable.idempotence", "key.serializer",
            "value.serializer", "key.deserializer", "value.deserializer", "max.in.flight.requests.per.connection");

    private static KafkaSettings kafka(YamlNode k) {
        KafkaSettings d = KafkaSettings.OFF;
        String brokers = k.string("brokers", null);
        String prefix = k.string("topicPrefix", d.topicPrefix());
        String source = k.string("source", null);
        String service = k.string("serviceId", null);
        Set<KafkaSettings.Stream> streams = EnumSet.noneOf(KafkaSettings.Stream.class);
        if (k.has("streams")) {
            for (YamlNode s : k.list("streams")) {
                String name = s.text();
                streams.add(KafkaSettings.Stream.ofKey(name).orElseThrow(
                        () -> s.error("unknown stream '" + name + "'; streams are detector, samples, beam, daq, runControl")));
            }
        } else {
            streams.addAll(d.streams());
        }
        YamlNode samples = k.optionalObject("samples");
        int prescale = (int) samples.integer("prescale", 1, Integer.MAX_VALUE, d.samples().prescale());
        List<Integer> channels = new ArrayList<>();
        if (samples.has("channels")) {
            for (YamlNode c : samples.list("channels")) {
                channels.add((int) c.wholeNumber(0, 65535));
            }
        }
        double minKeVee = samples.atLeast("minKeVee", 0, "keVee", d.samples().minKeVee());
        samples.done();
        String pool = k.string("jobPoolTopic", null);
        String control = k.string("controlTopic", null);
        String filename = k.string("filename", d.filename());
        int partitions = (int) k.integer("partitions", 1, 10_000, d.partitions());
        int replication = (int) k.integer("replicationFactor", 1, 32, d.replicationFactor());
        double lag = k.atLeast("lagAlarmS", 1, "s", d.lagAlarmS());
        int close = (int) k.integer("pulseCloseAfter", 1, 1000, d.pulseCloseAfter());
        Map<String, String> client = new TreeMap<>();
        YamlNode c = k.optionalObject("client");
        for (String key : c.keys()) {
            if (KAFKA_OWN_PROPERTIES.contains(key)) {
                c.report(key, "is set by cevns-daq itself (brokers: kafka.brokers; "
                        + "acks=all and idempotence are what at-least-once delivery rests on)");
            }
            client.put(key, c.scalarText(key));
        }
        c.done();
        k.done();
        return new KafkaSettings(brokers, prefix, source, service, streams, new KafkaSettings.Samples(prescale, channels, minKeVee),
                pool, control, filename, partitions, replication, lag, close, client);
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
        YamlNode delaysNode = a.optionalObject("delays");
        Map<String, AlarmDelay> delays = delays(delaysNode);
        if (a.has("noRunGraceS")) {
            // the name of earlier versions, kept so that their site files still start: it was the raise delay
            if (delaysNode.has("noRun")) {
                a.report("noRunGraceS", "is the old name of alarms.delays.noRun.raiseS, "
                        + "which is given too: remove alarms.noRunGraceS");
            }
            double raiseS = a.atLeast("noRunGraceS", 0, "s");
            if (raiseS >= 0) {
                delays.put("noRun", new AlarmDelay(raiseS, delays.get("noRun").clearS()));
            }
        }
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
                delays,
                a.atLeast("maxShelveHours", MIN_SHELVE_HOURS, "h", d.maxShelveHours()));
        a.done();
        if (a.problems().count() == before && l.diskMajorGiB() > l.diskMinorGiB()) {
            a.report("diskMajorGiB", "must not exceed alarms.diskMinorGiB (" + l.diskMinorGiB()
                    + " GiB), got " + l.diskMajorGiB() + ": the major alarm is for less free space than the minor one");
        }
        return l;
    }

    /** {@code alarms.delays}: per alarm name, {@code raiseS} and {@code clearS}; what is not given keeps its default. */
    private static Map<String, AlarmDelay> delays(YamlNode node) {
        Map<String, AlarmDelay> out = new TreeMap<>(AlarmLimits.DEFAULT_DELAYS);
        for (String name : node.keys()) {
            AlarmDelay fallback = AlarmLimits.DEFAULT_DELAYS.get(name);
            if (fallback == null) {
                node.report(name, "no alarm of that name has delays; known: "
                        + String.join(", ", AlarmLimits.DEFAULT_DELAYS.keySet()));
                continue;
            }
            YamlNode one = node.object(name);
            out.put(name, new AlarmDelay(one.atLeast("raiseS", 0, "s", fallback.raiseS()), one.atLeast("clearS", 0, "s", fallback.clearS())));
            one.done();
        }
        node.done();
        return out;
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
