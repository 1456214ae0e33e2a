package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.ess.cevns.kafka.LocalKafka;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kafka chain on one machine as the documentation tells a user to try it: {@code demo --kafka}
 * publishes its run into a broker (a one-node KRaft broker here, as {@code kafka/broker/local-broker.sh}
 * starts one), then {@code analyze --kafka BROKERS --run 1} finds the run by its start, reads it
 * from the topics and prints the same analysis as {@code analyze --run 1} on the demo's own store.
 */
class KafkaIT {
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theCombinedAnalysisOfTheDemosRunEqualsItsReplay(@TempDir Path data) throws Exception {
        String brokers = LocalKafka.get().bootstrap();
        try (Cli.Background demo = new Cli.Background("demo", "--kafka", brokers, "--data", data.toString(), "--duration", "8",
                "--udp-port", "0", "--tcp-port", "0", "--http-port", "0", "--pva-port", "0", "--status-every", "100",
                "--trips-per-hour", "0", "--beam-off-every", "0")) {
            demo.await("cevns-daq publishing to Kafka " + brokers.replace(".", "\\.") + " as source 'csi-cryogenic': beam, daq, detector, runControl", 60);
            demo.await("run 1 published to Kafka to its end", 90);
            demo.await("demo: injected in the on window", 30);
        }
        // both take the expectation's inputs (r, the demo's boost) from what the run recorded
        Cli.Result fromKafka = Cli.run(120, "analyze", "--kafka", brokers, "--run", "1", "--json", "--wait", "10");
        assertEquals(0, fromKafka.exitCode(), fromKafka.err());
        JsonNode combined = JSON.readTree(fromKafka.out());
        Cli.Result replay = Cli.run(60, "analyze", "--run", "1", "--data", data.toString(), "--json");
        assertEquals(0, replay.exitCode(), replay.err());
        JsonNode own = JSON.readTree(replay.out());
        assertEquals(1, combined.path("detectors").size(), combined.toString());
        JsonNode d = combined.path("detectors").get(0);
        assertEquals("csi-cryogenic", d.path("source").asText());
        assertTrue(d.path("stopped").asBoolean(), "the run's stop (6s4t) was read");
        JsonNode a = d.path("analysis");
        for (String f : new String[] {"onCounts", "offCounts", "beamOffCounts", "unknownCounts", "alpha", "excess", "excessError",
                "significance", "excessLow68", "excessHigh68", "expected", "pot", "pulsesOn", "pulsesOff", "pulsesUnknown", "waveforms",
                "belowThreshold", "pileUp", "saturated"}) {
            assertEquals(own.path(f), a.path(f), f + ": from Kafka as in the demo's own store");
        }
        assertTrue(own.path("onCounts").asLong() > 0, own.toString());
        assertEquals(own.path("onCounts"), combined.path("summed").path("onCounts"), "one detector: the sum is itself");
        assertTrue(combined.path("beam").path("pulses").asLong() > 50, "the demo published the facility beam: " + combined.path("beam"));
    }
}
