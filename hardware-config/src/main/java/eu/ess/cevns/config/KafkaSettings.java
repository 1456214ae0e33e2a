package eu.ess.cevns.config;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * Publishing into the ESS Kafka backbone (site file {@code kafka:}; off without {@code brokers}):
 * where the brokers are, how topics are named, which streams this host publishes, and the client
 * settings (security) passed through to the Kafka clients as they are.
 *
 * @param brokers           bootstrap servers, {@code host:port[,host:port...]}; null: not publishing
 * @param topicPrefix       topics are {@code <prefix>_detector}, {@code _detector_samples}, {@code _beam}, {@code _daq}
 * @param source            this host's source name (ev44 source, and the stem of its other sources); null: the detector's name
 * @param serviceId         the x5f2 service id and al00 source stem; null: {@code cevns-daq-<source>}
 * @param streams           what this host publishes
 * @param samples           which raw waveforms go to the samples topic
 * @param jobPoolTopic      the file-writer's job pool (pl72); null: {@code <prefix>_filewriter_pool}
 * @param controlTopic      where a file-writer job is controlled (6s4t, its answers); null: {@code <prefix>_filewriter}
 * @param filename          the file each run's job writes; {@code {source}} and {@code {run}} (6 digits) are replaced
 * @param partitions        partitions of the topics the publisher creates
 * @param replicationFactor replicas of the topics the publisher creates
 * @param lagAlarmS         the publisher behind the store by more than this raises {@code kafkaLag} (MINOR)
 * @param pulseCloseAfter   a pulse's events are published once a pulse this many periods later is stored
 * @param client            Kafka client properties passed through (security.protocol, sasl.*, ssl.*, ...); never
 *                          written into a run's configuration snapshot
 */
public record KafkaSettings(String brokers, String topicPrefix, String source, String serviceId, Set<Stream> streams,
                            Samples samples, String jobPoolTopic, String controlTopic, String filename, int partitions,
                            int replicationFactor, double lagAlarmS, int pulseCloseAfter,
                            @JsonIgnore Map<String, String> client) {

    /** The streams a host may publish. */
    public enum Stream {
        /** ev44 events, se00 energies, shapes and flags, each pulse's beam decision, settings, run start and stop. */
        DETECTOR,
        /** se00 raw waveforms, prescaled and filtered by {@link Samples}. */
        SAMPLES,
        /** f144 proton charge and beam state of each pulse, ep01 timing connection: from one designated host. */
        BEAM,
        /** f144 counters, al00 alarms, x5f2 heartbeat. */
        DAQ,
        /** pl72 to the file-writer's job pool at run start, 6s4t to its control topic at run stop. */
        RUN_CONTROL;

        /** The name in the site file's {@code kafka.streams} list: detector, samples, beam, daq, runControl. */
        public String key() {
            return this == RUN_CONTROL ? "runControl" : name().toLowerCase(Locale.ROOT);
        }

        /** The stream a site file names, if any. */
        public static Optional<Stream> ofKey(String key) {
            for (Stream s : values()) {
                if (s.key().equals(key)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /**
     * Which raw waveforms are published: every {@code prescale}-th of those that pass the filters
     * (channel ids, at least {@code minKeVee}).
     *
     * @param channels channel ids to publish; empty: all
     */
    public record Samples(int prescale, List<Integer> channels, double minKeVee) {
        public Samples {
            channels = List.copyOf(channels);
        }
    }

    public KafkaSettings {
        streams = Set.copyOf(streams);
        client = Map.copyOf(client);
    }

    public static final String DEFAULT_TOPIC_PREFIX = "cevns";
    public static final Set<Stream> DEFAULT_STREAMS = Set.of(Stream.DETECTOR, Stream.DAQ, Stream.RUN_CONTROL);
    public static final Samples DEFAULT_SAMPLES = new Samples(100, List.of(), 0);
    public static final String DEFAULT_FILENAME = "cevns_{source}_run_{run}.nxs";

    /** Not publishing: the embedded default. */
    public static final KafkaSettings OFF = new KafkaSettings(null, DEFAULT_TOPIC_PREFIX, null, null, DEFAULT_STREAMS, DEFAULT_SAMPLES,
            null, null, DEFAULT_FILENAME, 1, 1, 30, 2, Map.of());

    /** Whether this host publishes at all. */
    @JsonIgnore
    public boolean enabled() {
        return brokers != null && !brokers.isBlank();
    }

    public boolean publishes(Stream s) {
        return enabled() && streams.contains(s);
    }

    /** The same settings with {@code bootstrap} as the brokers (the {@code --kafka} option). */
    public KafkaSettings withBrokers(String bootstrap) {
        return new KafkaSettings(bootstrap, topicPrefix, source, serviceId, streams, samples, jobPoolTopic, controlTopic, filename,
                partitions, replicationFactor, lagAlarmS, pulseCloseAfter, client);
    }

    /** The same settings publishing {@code s}. */
    public KafkaSettings withStreams(Set<Stream> s) {
        return new KafkaSettings(brokers, topicPrefix, source, serviceId, s, samples, jobPoolTopic, controlTopic, filename,
                partitions, replicationFactor, lagAlarmS, pulseCloseAfter, client);
    }

    /** The source name of {@code detector} on this host: {@link #source} or the detector's name. */
    public String sourceFor(DetectorConfig detector) {
        return source != null ? source : detector.name();
    }

    /** The service id of this host: {@link #serviceId} or {@code cevns-daq-<source>}. */
    public String serviceIdFor(DetectorConfig detector) {
        return serviceId != null ? serviceId : "cevns-daq-" + sourceFor(detector);
    }

    public String detectorTopic() {
        return topicPrefix + "_detector";
    }

    public String samplesTopic() {
        return topicPrefix + "_detector_samples";
    }

    public String beamTopic() {
        return topicPrefix + "_beam";
    }

    public String daqTopic() {
        return topicPrefix + "_daq";
    }

    public String jobPool() {
        return jobPoolTopic != null ? jobPoolTopic : topicPrefix + "_filewriter_pool";
    }

    public String control() {
        return controlTopic != null ? controlTopic : topicPrefix + "_filewriter";
    }
}
