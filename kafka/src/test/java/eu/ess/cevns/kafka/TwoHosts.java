package eu.ess.cevns.kafka;

import eu.ess.cevns.analysis.monitor.AnalysisExtension;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.readout.EssTime;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.kafka.publish.KafkaPublisher;
import eu.ess.cevns.sim.BeamSchedule;
import eu.ess.cevns.sim.CevnsEventSource;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.TimingIocSimulator;
import eu.ess.cevns.sim.Transmission;

import java.nio.file.Path;
import java.util.Set;

/**
 * A DAQ host of the tests: a server on loopback with free ports, its live analysis and its Kafka
 * publisher, reading out a simulated detector (background plus a boosted CEvNS signal and
 * beam-related neutrons, in time with the shared simulated timing IOC).
 */
public final class TwoHosts {
    private TwoHosts() {
    }

    /** The beam the tests run under: 2 MW, 1 s off every 4 s (so OFF pulses exist). */
    public static BeamSchedule beam(long seed) {
        return new BeamSchedule(2.0, 2.0, 0.005, 0, 0, 4.0, 1.0, seed);
    }

    /** A site for {@code detector} publishing {@code streams} under {@code prefix}. */
    public static SiteConfig site(Path data, String detector, String pvaPrefix, TimingIocSimulator ioc, String bootstrap, String prefix,
                                  Set<KafkaSettings.Stream> streams, double lagAlarmS) {
        SiteConfig d = ConfigLoader.defaultSite(data, detector);
        KafkaSettings o = KafkaSettings.OFF;
        KafkaSettings k = new KafkaSettings(bootstrap, prefix, null, null, streams, o.samples(), null, null, o.filename(), 1, 1, lagAlarmS,
                o.pulseCloseAfter(), o.client());
        return d.withListen("127.0.0.1", 0, 0, 0, 0).withWriteToken("test-token").withStoreRingBytes(16L << 20).withPvaPrefix(pvaPrefix)
                .withTiming(d.timing().withIocAddress(ioc.searchAddress())).withKafka(k);
    }

    /** One host running. */
    public record Host(SiteConfig site, DaqServer server, AnalysisExtension analysis, KafkaPublisher publisher) implements AutoCloseable {
        public static Host start(SiteConfig site) throws Exception {
            AnalysisExtension a = new AnalysisExtension(0.3);
            KafkaPublisher p = new KafkaPublisher("test");
            return new Host(site, DaqServer.start(site, "test", a, p), a, p);
        }

        /**
         * Simulated digitizers sending {@code seconds} of pulses to this host from the pulse at
         * {@code startEpochS} (a whole second, so that every host sends the same pulses), on a
         * thread not yet started.
         */
        public Thread simulator(TimingIocSimulator ioc, long startEpochS, double seconds, double boost, long seed) {
            CevnsEventSource physics = new CevnsEventSource(site.detector(), ioc.schedule(), new ExpectationInputs(0.3, boost),
                    site.detector().thresholdKeVnr(), 20, site.windows().onStartUs(), site.windows().onEndUs(), seed);
            SimulatorSettings d = SimulatorSettings.defaults(site.detector(), "127.0.0.1", server.udpPort(), Transmission.UDP);
            SimulatorSettings s = new SimulatorSettings(d.detector(), d.host(), d.port(), d.transmission(), d.headerVersion(), 0,
                    Math.round(seconds * EssPulse.RATE_HZ), true, seed, 0, 0, 0, d.maxPacketBytes(), startEpochS * EssTime.TICKS_PER_SECOND);
            return new Thread(() -> {
                try {
                    new DigitizerSimulator(s, null, physics).run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "simulated-" + site.detector().name());
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
