package eu.ess.cevns.config;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A site file: which detector this server reads out, where runs are stored, where it listens and
 * which PVs it uses, one component per section of the file. {@code detector} is the loaded,
 * validated detector file; {@code detectorRef} is how the site file named it. {@code writeToken}
 * is null unless the site file sets one (the server then creates {@code <dataRoot>/token});
 * {@code writeTokenFile}, if set, names a file holding it (mode 0600 required). {@code timing}
 * says how pulses are joined to EPICS beam timing; {@code windows} are the initial on/off
 * windows; {@code alarms} where the DAQ's alarms trip; {@code expectation} the source-side inputs of
 * the beam-correlated expectation (recorded in every run); {@code kafka} whether and how this host
 * publishes into the ESS Kafka backbone ({@link KafkaSettings#OFF} by default); {@code history} how
 * much status history the server keeps; {@code pvaWrites} who may put to the writable status PVs;
 * {@code http} by which names the HTTP API may be reached (and whether over TLS); {@code analysis}
 * where the live analysis runs and at which priority; {@code accounts} who may read and write
 * through the HTTP API.
 */
public record SiteConfig(String source, String detectorRef, DetectorConfig detector, Path dataRoot, String bindAddress,
                         Ports ports, String pvaPrefix, BeamPvs beamPvs, ReadoutSettings readout, StoreSettings store,
                         TimingConfig timing, BeamWindows windows, String writeToken, Path writeTokenFile, AlarmLimits alarms,
                         ExpectationInputs expectation, KafkaSettings kafka, HistorySettings history, PvaWrites pvaWrites,
                         HttpSettings http, AnalysisSettings analysis, AccountsSettings accounts) {

    /**
     * The components of a site, to change some and build another: what the {@code with…} methods
     * use, so that a new section is added in one place.
     */
    public static final class Builder {
        public String source;
        public String detectorRef;
        public DetectorConfig detector;
        public Path dataRoot;
        public String bindAddress;
        public Ports ports;
        public String pvaPrefix;
        public BeamPvs beamPvs;
        public ReadoutSettings readout;
        public StoreSettings store;
        public TimingConfig timing;
        public BeamWindows windows;
        public String writeToken;
        public Path writeTokenFile;
        public AlarmLimits alarms;
        public ExpectationInputs expectation;
        public KafkaSettings kafka;
        public HistorySettings history;
        public PvaWrites pvaWrites;
        public HttpSettings http;
        public AnalysisSettings analysis;
        public AccountsSettings accounts;

        private Builder(SiteConfig s) {
            source = s.source;
            detectorRef = s.detectorRef;
            detector = s.detector;
            dataRoot = s.dataRoot;
            bindAddress = s.bindAddress;
            ports = s.ports;
            pvaPrefix = s.pvaPrefix;
            beamPvs = s.beamPvs;
            readout = s.readout;
            store = s.store;
            timing = s.timing;
            windows = s.windows;
            writeToken = s.writeToken;
            writeTokenFile = s.writeTokenFile;
            alarms = s.alarms;
            expectation = s.expectation;
            kafka = s.kafka;
            history = s.history;
            pvaWrites = s.pvaWrites;
            http = s.http;
            analysis = s.analysis;
            accounts = s.accounts;
        }

        public SiteConfig build() {
            return new SiteConfig(source, detectorRef, detector, dataRoot, bindAddress, ports, pvaPrefix, beamPvs, readout, store,
                    timing, windows, writeToken, writeTokenFile, alarms, expectation, kafka, history, pvaWrites, http, analysis,
                    accounts);
        }
    }

    /** This site with the changes {@code change} makes. */
    public SiteConfig with(Consumer<Builder> change) {
        Builder b = new Builder(this);
        change.accept(b);
        return b.build();
    }

    /** The same site listening elsewhere (0 for a free port; the search port follows the pvAccess port when that is free). */
    public SiteConfig withListen(String bind, int udp, int tcp, int http, int pva) {
        return withListen(bind, udp, tcp, http, pva, pva == 0 ? 0 : ports.pvaBroadcast());
    }

    /** The same site listening elsewhere, with the pvAccess search (UDP) port too. */
    public SiteConfig withListen(String bind, int udp, int tcp, int http, int pva, int pvaBroadcast) {
        return with(b -> {
            b.bindAddress = bind;
            b.ports = new Ports(udp, tcp, http, pva, pvaBroadcast);
        });
    }

    public SiteConfig withDataRoot(Path root) {
        return with(b -> b.dataRoot = root);
    }

    public SiteConfig withPvaPrefix(String prefix) {
        return with(b -> b.pvaPrefix = prefix);
    }

    public SiteConfig withWriteToken(String token) {
        return with(b -> b.writeToken = token);
    }

    public SiteConfig withStoreRingBytes(long bytes) {
        return with(b -> b.store = store.withRingBytes(bytes));
    }

    public SiteConfig withStore(StoreSettings s) {
        return with(b -> b.store = s);
    }

    public SiteConfig withTiming(TimingConfig t) {
        return with(b -> b.timing = t);
    }

    public SiteConfig withAlarms(AlarmLimits a) {
        return with(b -> b.alarms = a);
    }

    public SiteConfig withExpectation(ExpectationInputs e) {
        return with(b -> b.expectation = e);
    }

    public SiteConfig withKafka(KafkaSettings k) {
        return with(b -> b.kafka = k);
    }

    public SiteConfig withHistory(HistorySettings h) {
        return with(b -> b.history = h);
    }

    public SiteConfig withAccounts(AccountsSettings a) {
        return with(b -> b.accounts = a);
    }

    public SiteConfig withPvaWrites(PvaWrites w) {
        return with(b -> b.pvaWrites = w);
    }

    public SiteConfig withReadout(ReadoutSettings r) {
        return with(b -> b.readout = r);
    }

    public SiteConfig withAnalysis(AnalysisSettings a) {
        return with(b -> b.analysis = a);
    }
}
