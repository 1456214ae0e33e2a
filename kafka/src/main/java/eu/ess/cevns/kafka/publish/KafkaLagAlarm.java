package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.daq.alarm.AlarmInputs;
import eu.ess.cevns.daq.alarm.AlarmReport;
import eu.ess.cevns.daq.alarm.AlarmRule;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.status.StatusPart;

import java.util.Locale;

/** The Kafka publisher trails the run store by more than {@code kafka.lagAlarmS} (MINOR): consumers of the backbone see old data. */
final class KafkaLagAlarm implements AlarmRule {
    static final String NAME = "kafkaLag";
    private final StatusPart<PublisherStatus> part;
    private final double limitS;

    KafkaLagAlarm(StatusPart<PublisherStatus> part, double limitS) {
        this.part = part;
        this.limitS = limitS;
    }

    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        PublisherStatus p = in.now().part(part);
        if (p == null || !(p.lagS() > limitS)) {
            return;
        }
        report.raise(NAME, Severity.MINOR, "Kafka publisher behind",
                String.format(Locale.ROOT, "publishing run %d to Kafka is %.0f s behind the run store (%s%s)", p.run(), p.lagS(), p.state(),
                        p.lastError().isEmpty() ? "" : "; last error: " + p.lastError()),
                "Recording is not affected: every waveform is stored and is published when Kafka takes it again. Check that the "
                        + "Kafka brokers (kafka.brokers in the site file) are up and reachable from this host; tell the DAQ expert if "
                        + "the lag keeps growing while they are.",
                "KafkaLag");
    }
}
