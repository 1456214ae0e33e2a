package eu.ess.cevns.kafka.consume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.analysis.monitor.AnalysisSummary;
import eu.ess.cevns.analysis.monitor.RunAnalysis;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.ExpectationInputs;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import eu.ess.cevns.kafka.FileWriterStandIn;
import eu.ess.cevns.kafka.LocalKafka;
import eu.ess.cevns.kafka.SourceNames;
import eu.ess.cevns.kafka.TopicContent;
import eu.ess.cevns.kafka.TwoHosts;
import eu.ess.cevns.kafka.TwoHosts.Host;
import eu.ess.cevns.kafka.schema.ActionResponse;
import eu.ess.cevns.kafka.schema.EventData;
import eu.ess.cevns.kafka.schema.FinishedWriting;
import eu.ess.cevns.sim.TimingIocSimulator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two DAQ hosts (two detectors: CsI and Ge) publish one run each into one real broker, a
 * threshold and a window edge are moved on one while it runs, the stand-in file-writer takes their
 * jobs, and the combined analysis of both, sought by the run's start, equals each host's own
 * analysis of its detector number for number and bin for bin; every stored waveform is an ev44
 * event; the summed view stacks the pulses both reported.
 */
class CombinedAnalysisEndToEndTest {
    private static final String PREFIX = "e2e";

    @Test
    void theCombinedAnalysisEqualsEachHostsOwn(@TempDir Path tmp) throws Exception {
        LocalKafka kafka = LocalKafka.get();
        Set<KafkaSettings.Stream> csiStreams = EnumSet.of(KafkaSettings.Stream.DETECTOR, KafkaSettings.Stream.DAQ,
                KafkaSettings.Stream.RUN_CONTROL, KafkaSettings.Stream.BEAM);
        Set<KafkaSettings.Stream> geStreams = EnumSet.of(KafkaSettings.Stream.DETECTOR, KafkaSettings.Stream.DAQ,
                KafkaSettings.Stream.RUN_CONTROL);
        Map<String, Long> stored = new HashMap<>();
        Map<String, AnalysisSummary> own = new HashMap<>();
        KafkaSettings k;
        try (TimingIocSimulator ioc = new TimingIocSimulator(ConfigLoader.defaultSite(tmp, "csi-cryogenic").beamPvs(),
                TwoHosts.beam(11), "127.0.0.1", 0, 0).start();
             FileWriterStandIn fileWriter = new FileWriterStandIn(kafka.bootstrap(), PREFIX + "_filewriter_pool");
             Host csi = Host.start(TwoHosts.site(Files.createDirectory(tmp.resolve("csi")), "csi-cryogenic", "E2E:CSI:", ioc,
                     kafka.bootstrap(), PREFIX, csiStreams, 30));
             Host ge = Host.start(TwoHosts.site(Files.createDirectory(tmp.resolve("ge")), "ge-ppc", "E2E:GE:", ioc, kafka.bootstrap(),
                     PREFIX, geStreams, 30))) {
            k = csi.site().kafka();
            Await.until("both hosts see the beam timing", () -> csi.server().timing().isLive() && ge.server().timing().isLive());
            csi.server().runs().start("combined", "test");
            ge.server().runs().start("combined", "test");
            // both detectors see the same pulses, as they would in one hall
            long start = System.currentTimeMillis() / 1000 + 2;
            Thread a = csi.simulator(ioc, start, 5, 1e5, 21);
            Thread b = ge.simulator(ioc, start, 5, 1e5, 22);
            a.start();
            b.start();
            // an expert moves a threshold and the on window's end on the CsI host while it records
            Await.until("the CsI host has stored a second of data", () -> csi.server().storeWriter().counters().pulses() > 14);
            csi.server().settings().set(Setting.parse("Ch3:Threshold").orElseThrow(), 2.5, "expert");
            csi.server().settings().set(Setting.parse("OnWindowEnd").orElseThrow(), 2500, "expert");
            a.join();
            b.join();
            Await.until("every datagram sent is stored", Duration.ofSeconds(10), () -> quiet(csi) && quiet(ge));
            for (Host h : List.of(csi, ge)) {
                stored.put(h.site().detector().name(), h.server().runs().stop("", "test").waveforms());
            }
            for (Host h : List.of(csi, ge)) {
                Await.until(h.site().detector().name() + " is published to the run's end", Duration.ofSeconds(60), h.publisher()::status,
                        p -> p.runsCompleted() == 1);
                Await.until(h.site().detector().name() + "'s live analysis reached the stop", () -> {
                    AnalysisSummary s = h.analysis().live().summary();
                    return s != null && s.stopped();
                });
            }
            Await.until("the file-writer took both jobs to their end", Duration.ofSeconds(30), fileWriter::jobs,
                    j -> j.size() == 2 && j.values().stream().allMatch(x -> x.stop() != null));
            checkFileWriter(fileWriter, kafka.bootstrap(), List.of(csi, ge));
        }
        // each host's own analysis, replayed from its store (equal to its live analysis: ClosedLoopTest)
        for (String d : List.of("csi-cryogenic", "ge-ppc")) {
            RunAnalysis replay = new RunAnalysis(0.3);
            try (RunReader r = new RunStore(tmp.resolve(d.startsWith("csi") ? "csi" : "ge")).openReader(1)) {
                r.drain(replay);
            }
            own.put(d, replay.summary());
        }
        // every stored waveform went out as an ev44 event
        List<ConsumerRecord<String, byte[]>> detector = TopicContent.read(kafka.bootstrap(), k.detectorTopic());
        Map<String, Long> published = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicContent.of(detector, EventData.ID)) {
            EventData e = EventData.decode(ByteBuffer.wrap(r.value()));
            published.merge(e.sourceName(), (long) e.events(), Long::sum);
        }
        assertEquals(stored, published, "ev44 events per source against the stores' waveforms");
        CombinedRuns.Result result = CombinedRuns.run(k, null, 1, new ExpectationInputs(0.3, 1), "CEvNS:Beam:ProtonCharge", Duration.ofSeconds(20), System.out::println);
        assertTrue(result.complete(), "both sources' run stops were read: " + result.notStopped() + " " + result.records() + " records; " + result.summary().toJson());
        assertEquals(List.of("csi-cryogenic", "ge-ppc"), result.sources(), "the sources found by their run starts");
        CombinedSummary c = result.summary();
        System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(c.toJson().get("summed")));
        for (CombinedSummary.Detector d : c.detectors()) {
            AnalysisSummary host = own.get(d.source());
            assertSame(host, d.own(), d.source());
            assertTrue(host.counts().on() > 10 && host.counts().off() > 0 && host.counts().beamOff() > 0,
                    d.source() + " had events in every window: " + host.counts());
            assertEquals(0, d.duplicates(), "no publisher restart, no duplicates");
            CombinedSummary.Joint j = d.joint();
            assertTrue(j.on() <= host.counts().on() && j.pulsesOn() <= host.exposure().pulsesOn(), "the joint view is a part of the own");
            assertTrue(j.pulsesOn() > 0.7 * host.exposure().pulsesOn(), "most pulses were reported by both: " + j + " of " + host.exposure());
        }
        CombinedSummary.Summed s = c.summed();
        assertEquals(c.detectors().stream().mapToLong(d -> d.joint().on()).sum(), s.on(), "summed on counts");
        assertEquals(c.detectors().stream().mapToDouble(d -> d.joint().expected()).sum(), s.expected(), 1e-9 * s.expected(), "summed expectation");
        double background = c.detectors().stream().mapToDouble(d -> d.joint().alpha() * d.joint().off()).sum();
        assertEquals(s.on() - background, s.excess(), 1e-9 * Math.max(1, Math.abs(s.excess())), "summed excess = on − Σ α off");
        assertTrue(c.beam().pulses() > 50 && c.beam().pot() > 0, "the designated host's beam: " + c.beam());
        assertEquals(0, c.malformedMessages(), c.lastProblem());
    }

    /** Every number and bin of the host's own analysis; the rate history is left out (its points fall where records interleave). */
    private static void assertSame(AnalysisSummary host, AnalysisSummary combined, String what) {
        assertNotNull(combined, what + ": the combined analysis has the run");
        assertEquals(host.run(), combined.run(), what + " run");
        assertEquals(host.stopped(), combined.stopped(), what + " stopped");
        assertEquals(host.lastEventNs(), combined.lastEventNs(), what + " last event");
        assertEquals(host.counts(), combined.counts(), what + " counts");
        assertEquals(host.exposure(), combined.exposure(), what + " exposure");
        assertEquals(host.quality(), combined.quality(), what + " quality cuts");
        assertEquals(host.excess(), combined.excess(), what + " excess, error, significance, interval, expected, verdict");
        AnalysisSummary.Histograms h = host.histograms();
        AnalysisSummary.Histograms x = combined.histograms();
        assertArrayEquals(h.energyOn(), x.energyOn(), what + " energy on");
        assertArrayEquals(h.energyOff(), x.energyOff(), what + " energy off");
        assertArrayEquals(h.timeSinceT0(), x.timeSinceT0(), what + " time since T0");
        assertArrayEquals(h.channelEnergy(), x.channelEnergy(), what + " channel energy");
        assertArrayEquals(h.channelOn(), x.channelOn(), what + " channel on");
        assertArrayEquals(h.shapeVsEnergy(), x.shapeVsEnergy(), what + " shape vs energy");
    }

    private static boolean quiet(Host h) {
        long before = h.server().readoutCounters().snapshot().waveforms();
        return before == h.server().storeWriter().counters().waveforms();
    }

    private static void checkFileWriter(FileWriterStandIn fw, String bootstrap, List<Host> hosts) throws Exception {
        assertEquals(List.of(), fw.refused(), "the stand-in refused nothing");
        for (Host h : hosts) {
            String source = h.site().detector().name();
            FileWriterStandIn.Job job = fw.jobs().values().stream().filter(j -> j.start().filename().contains(source)).findFirst().orElseThrow();
            assertEquals("1", job.start().runName());
            assertEquals("", job.start().instrumentName(), "no instrument name: no template mode");
            assertEquals(PREFIX + "_filewriter", job.start().controlTopic());
            JsonNode meta = new ObjectMapper().readTree(job.start().metadata());
            assertEquals(1, meta.get("run").asInt());
            assertEquals("combined", meta.get("comment").asText());
            assertTrue(meta.get("configuration").asText().contains(source), "the run's configuration travels in the metadata");
            assertEquals(job.start().jobId(), job.stop().jobId());
            assertTrue(job.stop().stopTimeMs() > job.start().startTimeMs(), "an explicit stop time after the start");
            // the nexus_structure names this host's topics and sources with the file-writer's modules
            JsonNode nexus = new ObjectMapper().readTree(job.start().nexusStructure());
            SourceNames names = new SourceNames(source);
            Set<String> modules = new HashSet<>();
            collectModules(nexus, modules);
            for (String m : List.of("ev44 " + PREFIX + "_detector " + names.events(), "se00 " + PREFIX + "_detector " + names.energy(),
                    "se00 " + PREFIX + "_detector " + names.shape(), "se00 " + PREFIX + "_detector " + names.flags(),
                    "f144 " + PREFIX + "_detector " + names.beamState(), "f144 " + PREFIX + "_detector " + names.protonCharge(),
                    "f144 " + PREFIX + "_detector " + names.setting("OnWindowEnd"), "f144 " + PREFIX + "_detector " + names.setting("Ch3:Threshold"),
                    "f144 " + PREFIX + "_beam CEvNS:Beam:ProtonCharge", "ep01 " + PREFIX + "_beam CEvNS:Beam:ProtonCharge",
                    "al00 " + PREFIX + "_daq cevns-daq-" + source, "f144 " + PREFIX + "_daq " + h.site().pvaPrefix() + "KafkaLag")) {
                assertTrue(modules.contains(m), "the nexus_structure has module, topic, source: " + m + " in " + modules);
            }
        }
        // the control topic holds what kafka-to-nexus sends: the echoed start, answers to start and stop, finished writing
        List<ConsumerRecord<String, byte[]>> control = TopicContent.read(bootstrap, PREFIX + "_filewriter");
        List<ActionResponse> answers = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : TopicContent.of(control, ActionResponse.ID)) {
            answers.add(ActionResponse.decode(ByteBuffer.wrap(r.value())));
        }
        assertEquals(4, answers.size(), "a start and a stop answer per job: " + answers);
        assertTrue(answers.stream().allMatch(x -> x.success() && x.statusCode() == 201), answers.toString());
        assertEquals(2, TopicContent.of(control, FinishedWriting.ID).size());
        assertEquals(2, TopicContent.of(control, "pl72").size(), "each start echoed on the control topic");
        assertEquals(2, TopicContent.of(control, "6s4t").size(), "each stop sent to the control topic");
        assertNull(fw.failure());
    }

    /** "module topic source" of every writer module in a nexus_structure. */
    private static void collectModules(JsonNode n, Set<String> out) {
        if (n.has("module") && n.has("config") && n.get("config").has("topic")) {
            out.add(n.get("module").asText() + " " + n.get("config").get("topic").asText() + " " + n.get("config").get("source").asText());
        }
        if (n.has("children")) {
            for (JsonNode c : n.get("children")) {
                collectModules(c, out);
            }
        }
    }
}
