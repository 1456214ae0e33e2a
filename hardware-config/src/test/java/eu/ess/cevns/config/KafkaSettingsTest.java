package eu.ess.cevns.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The site file's {@code kafka:} section: off by default, every key read with its default, bad values named. */
class KafkaSettingsTest {
    private static SiteConfig load(Path dir, String kafka) throws IOException {
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: d\n" + kafka);
        return ConfigLoader.loadSite(site);
    }

    @Test
    void withoutASectionNothingIsPublished(@TempDir Path dir) throws IOException {
        KafkaSettings k = load(dir, "").kafka();
        assertEquals(KafkaSettings.OFF, k);
        assertFalse(k.enabled());
        assertFalse(k.publishes(KafkaSettings.Stream.DETECTOR));
        assertEquals(KafkaSettings.OFF, ConfigLoader.defaultSite(dir, "ge-ppc").kafka());
    }

    @Test
    void everyKeyIsRead(@TempDir Path dir) throws IOException {
        KafkaSettings k = load(dir, """
                kafka:
                  brokers: "b1:9092,b2:9092"
                  topicPrefix: hall1
                  source: csi_cryo
                  serviceId: daq-csi
                  streams: [detector, samples, beam, daq, runControl]
                  samples: {prescale: 10, channels: [0, 7], minKeVee: 2.5}
                  jobPoolTopic: hall1_pool
                  controlTopic: hall1_fw
                  filename: "x_{run}.nxs"
                  partitions: 3
                  replicationFactor: 2
                  lagAlarmS: 5
                  pulseCloseAfter: 4
                  client: {security.protocol: SASL_SSL, sasl.mechanism: SCRAM-SHA-512, linger.ms: 20}
                """).kafka();
        assertTrue(k.enabled());
        assertEquals("b1:9092,b2:9092", k.brokers());
        assertEquals("hall1_detector", k.detectorTopic());
        assertEquals("hall1_detector_samples", k.samplesTopic());
        assertEquals("hall1_beam", k.beamTopic());
        assertEquals("hall1_daq", k.daqTopic());
        assertEquals("hall1_pool", k.jobPool());
        assertEquals("hall1_fw", k.control());
        assertEquals(Set.of(KafkaSettings.Stream.values()), k.streams());
        assertEquals(new KafkaSettings.Samples(10, List.of(0, 7), 2.5), k.samples());
        assertEquals("csi_cryo", k.sourceFor(ConfigLoader.shippedDetector("csi-cryogenic")));
        assertEquals("daq-csi", k.serviceIdFor(ConfigLoader.shippedDetector("csi-cryogenic")));
        assertEquals(3, k.partitions());
        assertEquals(2, k.replicationFactor());
        assertEquals(5, k.lagAlarmS());
        assertEquals(4, k.pulseCloseAfter());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512", "linger.ms", "20"), k.client());
    }

    @Test
    void defaultsNameTopicsAfterThePrefixAndSourcesAfterTheDetector(@TempDir Path dir) throws IOException {
        KafkaSettings k = load(dir, "kafka: {brokers: 'localhost:9092'}\n").kafka();
        assertEquals(KafkaSettings.DEFAULT_STREAMS, k.streams());
        assertEquals("cevns_detector", k.detectorTopic());
        assertEquals("cevns_filewriter_pool", k.jobPool());
        assertEquals("cevns_filewriter", k.control());
        assertEquals("csi-cryogenic", k.sourceFor(ConfigLoader.shippedDetector("csi-cryogenic")));
        assertEquals("cevns-daq-csi-cryogenic", k.serviceIdFor(ConfigLoader.shippedDetector("csi-cryogenic")));
        assertFalse(k.publishes(KafkaSettings.Stream.BEAM), "the beam comes from one designated host");
        assertEquals(KafkaSettings.OFF.withBrokers("localhost:9092"), k);
    }

    @Test
    void mistakesAreNamed(@TempDir Path dir) {
        assertEquals("kafka.streams[1]", assertThrows(ConfigException.class, () -> load(dir, "kafka: {streams: [daq, events]}\n")).field());
        assertEquals("kafka.client.acks", assertThrows(ConfigException.class, () -> load(dir, "kafka: {client: {acks: '1'}}\n")).field());
        assertEquals("kafka.samples.prescale", assertThrows(ConfigException.class,
                () -> load(dir, "kafka: {samples: {prescale: 0}}\n")).field());
        assertEquals("kafka.lagAlarmS", assertThrows(ConfigException.class, () -> load(dir, "kafka: {lagAlarmS: 0.1}\n")).field());
        assertEquals("kafka.broker", assertThrows(ConfigException.class, () -> load(dir, "kafka: {broker: x}\n")).field());
        assertEquals("kafka.client.ssl", assertThrows(ConfigException.class, () -> load(dir, "kafka: {client: {ssl: {a: 1}}}\n")).field());
    }

    @Test
    void clientSecretsStayOutOfTheRunsConfigurationSnapshot(@TempDir Path dir) throws IOException {
        SiteConfig s = load(dir, "kafka: {brokers: 'b:9092', client: {sasl.jaas.config: 'password=\"hunter2\"'}}\n");
        String snapshot = RunConfigSnapshot.write(s);
        assertFalse(snapshot.contains("hunter2"), snapshot);
        assertTrue(snapshot.contains("b:9092"), "the rest of the section is recorded: " + snapshot);
    }
}
