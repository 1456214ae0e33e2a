package eu.ess.cevns.kafka.publish;

import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.ServerContext;
import eu.ess.cevns.daq.ServerExtension;
import eu.ess.cevns.daq.alarm.AlarmTransition;
import eu.ess.cevns.daq.epics.StatusPv;
import eu.ess.cevns.daq.status.StatusPart;
import eu.ess.cevns.kafka.SourceNames;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToDoubleFunction;

/**
 * The Kafka publisher as a server extension: one more consumer of the run store, with its own
 * read position, publishing what this host records into the ESS streaming backbone (DESIGN §10;
 * {@link PublisherLoop} on a thread of its own, so ingest never waits for Kafka). It adds the
 * {@code kafka} section of {@code /api/status}, the {@code kafkaLag} alarm, the {@code KafkaLag}
 * status PV, metrics, and passes every alarm raised or cleared on as al00.
 */
public final class KafkaPublisher implements ServerExtension {
    private final String softwareVersion;
    private PublisherLoop loop;
    private Thread thread;

    public KafkaPublisher(String softwareVersion) {
        this.softwareVersion = softwareVersion;
    }

    @Override
    public String name() {
        return "Kafka publisher";
    }

    @Override
    public void attach(ServerContext context) {
        SiteConfig site = context.site();
        KafkaSettings k = site.kafka();
        if (!k.enabled()) {
            throw new IllegalArgumentException("the Kafka publisher needs brokers (kafka.brokers in the site file, or --kafka)");
        }
        checkBrokers(k.brokers());
        KafkaClients.check(k);
        SourceNames names = new SourceNames(k.sourceFor(site.detector()));
        Queue<AlarmTransition> alarms = new ConcurrentLinkedQueue<>();
        // the part reads the loop made below: the server samples parts only once it is bound
        StatusPart<PublisherStatus> part = new StatusPart<>("kafka", PublisherStatus.class, () -> loop.status(),
                (v, o) -> {
                    if (v != null) {
                        v.writeJson(o);
                    }
                    o.put("brokers", k.brokers());
                    o.put("source", names.source());
                    o.put("topicPrefix", k.topicPrefix());
                });
        StatusPv lag = StatusPv.number("KafkaLag", "s", 1, s -> {
            PublisherStatus p = s.part(part);
            return p == null ? Double.NaN : p.lagS();
        });
        PublisherSetup setup = new PublisherSetup(k, names, k.serviceIdFor(site.detector()), hostName(), site.beamPvs(), site.pvaPrefix(),
                softwareVersion, DaqStatusLogs.logs(List.of(lag)));
        loop = new PublisherLoop(setup, context.store(), context::status, new PublisherCounters(), alarms);
        context.addStatusPart(part);
        context.addAlarmRule(new KafkaLagAlarm(part, k.lagAlarmS()));
        context.addStatusPv(lag);
        if (k.publishes(KafkaSettings.Stream.DAQ)) {
            context.onAlarmTransition(alarms::offer);
        }
        MeterRegistry m = context.meters();
        Gauge.builder("cevns.kafka.lag", loop, l -> l.status().lagS()).baseUnit("seconds")
                .description("How far the Kafka publisher trails the run store, by data time").register(m);
        counter(m, "cevns.kafka.messages", "Messages sent to Kafka", p -> p.messages());
        counter(m, "cevns.kafka.bytes", "Bytes of messages sent to Kafka", p -> p.bytes());
        counter(m, "cevns.kafka.events", "ev44 events published", p -> p.events());
        counter(m, "cevns.kafka.rewinds", "Times the publisher started again from its position after Kafka failed it", p -> p.rewinds());
        thread = new Thread(loop, "kafka-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void counter(MeterRegistry m, String name, String description, ToDoubleFunction<PublisherStatus> f) {
        FunctionCounter.builder(name, loop, l -> f.applyAsDouble(l.status())).description(description).register(m);
    }

    /** The publisher as it stands, once attached. */
    public PublisherStatus status() {
        return loop == null ? null : loop.status();
    }

    @Override
    public void close() {
        if (loop == null) {
            return;
        }
        loop.stop();
        try {
            thread.join(10_000);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code host:port[,host:port...]}, or an error naming what is wrong. */
    static void checkBrokers(String brokers) {
        for (String b : brokers.split(",")) {
            String s = b.strip();
            int colon = s.lastIndexOf(':');
            boolean ok = colon > 0 && colon < s.length() - 1;
            if (ok) {
                try {
                    int port = Integer.parseInt(s.substring(colon + 1));
                    ok = port > 0 && port < 65536;
                } catch (NumberFormatException e) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException("Kafka brokers must be host:port[,host:port...], got '" + brokers + "'");
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
