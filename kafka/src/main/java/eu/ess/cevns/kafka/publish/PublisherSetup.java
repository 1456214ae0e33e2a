package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.kafka.SourceNames;

import java.util.List;

/**
 * What does not change while the publisher runs: the site's Kafka settings, this host's source
 * names, service id and host name, the beam PV names and the status PV prefix (sources of the beam
 * and daq logs), the software version, and the status PVs logged on the daq topic.
 */
record PublisherSetup(KafkaSettings kafka, SourceNames names, String serviceId, String hostName, BeamPvs beamPvs, String pvaPrefix,
                      String softwareVersion, List<DaqStatusLogs.Log> logs) {
}
