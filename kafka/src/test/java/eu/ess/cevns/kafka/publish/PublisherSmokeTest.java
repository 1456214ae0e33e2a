package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.kafka.LocalKafka;
import eu.ess.cevns.kafka.TopicContent;
import eu.ess.cevns.kafka.schema.EventData;
import eu.ess.cevns.sim.DigitizerSimulator;
import eu.ess.cevns.sim.SimulatorSettings;
import eu.ess.cevns.sim.Transmission;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PublisherSmokeTest {
    @Test
    void aRunGoesOutWholeAsEv44(@TempDir Path data) throws Exception {
        LocalKafka kafka = LocalKafka.get();
        KafkaSettings k = KafkaSettings.OFF.withBrokers(kafka.bootstrap()).withStreams(EnumSet.allOf(KafkaSettings.Stream.class));
        k = new KafkaSettings(k.brokers(), "smoke", k.source(), k.serviceId(), k.streams(), k.samples(), k.jobPoolTopic(), k.controlTopic(),
                k.filename(), 1, 1, 5, 2, k.client());
        SiteConfig site = TestSites.site(data).withKafka(k);
        KafkaPublisher publisher = new KafkaPublisher("test");
        long stored;
        try (DaqServer server = DaqServer.start(site, "test", publisher)) {
            server.runs().start("smoke", "test");
            SimulatorSettings s = SimulatorSettings.defaults(site.detector(), "127.0.0.1", server.udpPort(), Transmission.UDP)
                    .withRate(50, 7).withPulses(2 * EssPulse.RATE_HZ, true);
            new DigitizerSimulator(s, null).run();
            Await.until("the store took every waveform", () -> server.storeWriter().counters().waveforms() > 0);
            Thread.sleep(300);
            stored = server.runs().stop("", "test").waveforms();
            Await.until("the run is published to its end", Duration.ofSeconds(60), publisher::status, p -> p.runsCompleted() == 1);
            System.out.println("publisher: " + publisher.status());
        }
        List<ConsumerRecord<String, byte[]>> detector = TopicContent.read(kafka.bootstrap(), "smoke_detector");
        long events = 0;
        for (ConsumerRecord<String, byte[]> r : TopicContent.of(detector, EventData.ID)) {
            events += EventData.decode(ByteBuffer.wrap(r.value())).events();
        }
        assertEquals(stored, events, "every stored waveform is an ev44 event");
    }
}
