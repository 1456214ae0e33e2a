package eu.ess.cevns.sim;

import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.EssPulse;
import eu.ess.cevns.daq.readout.EssTime;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simulated digitizers of one detector. For every 14 Hz pulse period it draws the events of an
 * {@link EventSource}, records each as a waveform of the detector's shape, packs the readouts of
 * each digitizer into ESS readout packets (one output queue per digitizer, a heartbeat when a
 * digitizer has nothing for a pulse) and sends them, in real time or as fast as possible, through
 * the {@link FaultInjector}. Runs on the calling thread until the pulse count is reached or
 * {@link #stop()} is called.
 */
public final class DigitizerSimulator {
    private static final long PROGRESS_EVERY_NS = 1_000_000_000L;
    /**
     * As fast as possible, pulse times run ahead of the clock by a pulse period per pulse; the server
     * rejects times further from its clock than {@code readout.clockToleranceS} (600 s by default),
     * so a fast simulation waits rather than run more than a minute ahead (840 pulses).
     */
    static final long MAX_LEAD_NS = 60_000_000_000L;

    private final SimulatorSettings settings;
    private final PrintStream progress;
    private final SimulatorTally tally = new SimulatorTally();
    private final EventSource events;
    private final List<DigitizerConfig> digitizers;
    private final WaveformSynth[] synths;
    private final int[] channelDigitizer;
    private final ChannelConfig[] channelConfig;
    private final SplittableRandom random;
    private volatile boolean stopped;
    private String localAddress;

    /** With the steady background of {@link BackgroundEvents} as the event source. */
    public DigitizerSimulator(SimulatorSettings settings, PrintStream progress) {
        this(settings, progress, null);
    }

    /** With a given event source (null: steady background at the settings' rate). */
    public DigitizerSimulator(SimulatorSettings settings, PrintStream progress, EventSource events) {
        this.settings = settings;
        this.progress = progress;
        this.random = new SplittableRandom(settings.seed());
        DetectorConfig d = settings.detector();
        this.digitizers = d.digitizers();
        List<Integer> digOf = new ArrayList<>();
        List<ChannelConfig> chans = new ArrayList<>();
        for (int i = 0; i < digitizers.size(); i++) {
            for (ChannelConfig c : digitizers.get(i).channels()) {
                if (c.enabled()) {
                    digOf.add(i);
                    chans.add(c);
                }
            }
        }
        this.channelDigitizer = digOf.stream().mapToInt(Integer::intValue).toArray();
        this.channelConfig = chans.toArray(new ChannelConfig[0]);
        this.synths = new WaveformSynth[digitizers.size()];
        for (int i = 0; i < synths.length; i++) {
            synths[i] = new WaveformSynth(d.pulseShape(), digitizers.get(i), random.split());
        }
        long periodNs = EssPulse.PERIOD_NS;
        this.events = events != null ? events
                : new BackgroundEvents(channelConfig.length, settings.ratePerChannelHz(), periodNs, 2.0, 50.0, 0.2, random.split());
    }

    /** Channel index (as {@link EventSource} numbers them) of a configured channel id, or -1. */
    public int channelIndex(int channelId) {
        for (int i = 0; i < channelConfig.length; i++) {
            if (channelConfig[i].id() == channelId) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Sends from {@code address} (e.g. 127.0.0.2): the server tells digitizers apart by their
     * address, so two simulators on one host need two (a loopback address each).
     */
    public DigitizerSimulator sendingFrom(String address) {
        this.localAddress = address;
        return this;
    }

    public SimulatorTally tally() {
        return tally;
    }

    public void stop() {
        stopped = true;
    }

    /** Sends until the configured number of pulses is done or {@link #stop()} is called. */
    public SimulatorTally run() throws IOException, InterruptedException {
        long firstPulse = settings.startPulseTicks() > 0
                ? Math.floorDiv(settings.startPulseTicks() * EssPulse.RATE_HZ, EssTime.TICKS_PER_SECOND)
                : PulseClock.pulseAtOrAfter(System.currentTimeMillis() * 1_000_000L);
        PulseBatch batch = new PulseBatch();
        long[] sequence = new long[digitizers.size()];
        short[] samples = new short[maxRecordLength()];
        long lastProgress = System.nanoTime();
        long lastBytes = 0;
        try (PacketSender sender = PacketSender.open(settings.transmission(), settings.host(), settings.port(), localAddress)) {
            FaultInjector wire = new FaultInjector(sender, settings, tally, random.split());
            ReadoutPacketEncoder encoder = new ReadoutPacketEncoder(settings.maxPacketBytes());
            for (long k = firstPulse; !stopped && (settings.pulses() == 0 || k - firstPulse < settings.pulses()); k++) {
                long t0Ticks = PulseClock.pulseTicks(k);
                long prevTicks = PulseClock.pulseTicks(k - 1);
                long nextNs = PulseClock.ticksToNs(PulseClock.pulseTicks(k + 1));
                if (settings.realTime()) {
                    // a pulse period's data leaves the digitizer once the period is over
                    sleepUntil(nextNs);
                } else {
                    sleepUntil(nextNs - MAX_LEAD_NS);
                }
                batch.clear();
                events.pulse(PulseClock.ticksToNs(t0Ticks), batch);
                for (int d = 0; d < digitizers.size(); d++) {
                    sendDigitizer(d, t0Ticks, prevTicks, batch, sequence, samples, encoder, wire);
                }
                tally.pulses.incrementAndGet();
                long now = System.nanoTime();
                if (progress != null && now - lastProgress >= PROGRESS_EVERY_NS) {
                    long b = tally.bytesSent();
                    progress.printf("simulate: %d pulses, %d packets, %d waveforms, %.1f MB/s%n", tally.pulses(),
                            tally.packetsSent(), tally.waveforms(), (b - lastBytes) / 1e6 / ((now - lastProgress) / 1e9));
                    lastProgress = now;
                    lastBytes = b;
                }
            }
        }
        return tally;
    }

    private void sendDigitizer(int d, long t0Ticks, long prevTicks, PulseBatch batch, long[] sequence, short[] samples,
                               ReadoutPacketEncoder encoder, FaultInjector wire) throws IOException {
        DigitizerConfig dig = digitizers.get(d);
        int version = settings.headerVersion();
        encoder.begin(version, d, sequence[d]++, t0Ticks, prevTicks);
        boolean blockOpen = false;
        for (int e = 0; e < batch.size; e++) {
            int ch = batch.channel[e];
            if (channelDigitizer[ch] != d) {
                continue;
            }
            if (!encoder.fits(dig.recordLength(), !blockOpen)) {
                encoder.finish();
                wire.offer(encoder.packet(), d, encoder.readouts());
                encoder.begin(version, d, sequence[d]++, t0Ticks, prevTicks);
                blockOpen = false;
            }
            if (!blockOpen) {
                encoder.beginBlock(dig.fiber(), dig.fen());
                blockOpen = true;
            }
            ChannelConfig c = channelConfig[ch];
            double amplitudeAdc = Math.max(0, (batch.energyKeVee[e] - c.calibration().offsetKeVee()) / c.calibration().gainKeVeePerAdc());
            int flags = synths[d].fill(amplitudeAdc, samples);
            long triggerTicks = t0Ticks + PulseClock.nsToTicks(batch.timeSinceT0Ns[e]);
            encoder.addReadout(triggerTicks, c.channel(), flags, dig.adcBits(), dig.preTrigger(), samples, dig.recordLength());
        }
        encoder.finish();
        wire.offer(encoder.packet(), d, encoder.readouts());
        wire.flush();
    }

    private int maxRecordLength() {
        int m = 0;
        for (DigitizerConfig d : digitizers) {
            m = Math.max(m, d.recordLength());
        }
        return m;
    }

    private static void sleepUntil(long epochNs) throws InterruptedException {
        long waitMs = (epochNs - System.currentTimeMillis() * 1_000_000L) / 1_000_000L;
        if (waitMs > 0) {
            Thread.sleep(waitMs);
        }
    }

    /** The events of one pulse period, in growable primitive arrays reused from pulse to pulse. */
    private static final class PulseBatch implements EventSource.Sink {
        int size;
        int[] channel = new int[256];
        long[] timeSinceT0Ns = new long[256];
        double[] energyKeVee = new double[256];

        void clear() {
            size = 0;
        }

        @Override
        public void onEvent(int channelIndex, long t, double e) {
            if (size == channel.length) {
                channel = Arrays.copyOf(channel, size * 2);
                timeSinceT0Ns = Arrays.copyOf(timeSinceT0Ns, size * 2);
                energyKeVee = Arrays.copyOf(energyKeVee, size * 2);
            }
            channel[size] = channelIndex;
            timeSinceT0Ns[size] = t;
            energyKeVee[size] = e;
            size++;
        }
    }
}
