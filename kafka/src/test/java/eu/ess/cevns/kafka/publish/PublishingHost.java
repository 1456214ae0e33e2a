package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * A DAQ host with its Kafka publisher in a process of its own, for the tests that kill it: started
 * with a data root, the brokers, a topic prefix and the lag alarm's limit, it prints
 * {@code ready udp=PORT}, then obeys lines on stdin: {@code start} (a run), {@code stop},
 * {@code quit}. Killed, it stops where it is, as a crash would.
 */
public final class PublishingHost {
    private PublishingHost() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        KafkaSettings o = KafkaSettings.OFF;
        KafkaSettings k = new KafkaSettings(args[1], args[2], null, null, Set.of(KafkaSettings.Stream.DETECTOR, KafkaSettings.Stream.DAQ,
                KafkaSettings.Stream.RUN_CONTROL), o.samples(), null, null, o.filename(), 1, 1, Double.parseDouble(args[3]), 2, Map.of());
        SiteConfig site = TestSites.site(data).withKafka(k);
        try (DaqServer server = DaqServer.start(site, "test", new KafkaPublisher("test"))) {
            System.out.println("ready udp=" + server.udpPort());
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line; (line = in.readLine()) != null; ) {
                switch (line.strip()) {
                    case "start" -> System.out.println("started " + server.runs().start("resilience", "test").number());
                    case "stop" -> System.out.println("stopped " + server.runs().stop("", "test").waveforms());
                    case "quit" -> {
                        return;
                    }
                    default -> System.out.println("unknown command " + line);
                }
            }
        }
    }
}
