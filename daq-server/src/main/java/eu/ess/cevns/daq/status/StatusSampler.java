package eu.ess.cevns.daq.status;

import eu.ess.cevns.daq.readout.ReadoutCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Takes {@link StatusSnapshot}s: one on every request ({@link #take}), and one every second on its
 * own thread, which measures the rates since the previous second, has the alarms judge it, and
 * hands it to whoever publishes the status each second (the status PVs). Sections come from the
 * server's parts through suppliers, extension parts from {@link StatusPart}s.
 */
public final class StatusSampler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StatusSampler.class);

    /** Where each of the server's own sections comes from. */
    public record Sources(Supplier<StatusSnapshot.Run> run, Supplier<ReadoutCounters.Snapshot> readout,
                          Supplier<StatusSnapshot.Store> store, Supplier<StatusSnapshot.Beam> beam,
                          Supplier<StatusSnapshot.Alarms> alarms, Supplier<List<StatusSnapshot.Channel>> channels) {
    }

    private final Sources sources;
    private final Function<StatusSnapshot, StatusSnapshot.Alarms> judge;
    private final List<StatusPart<?>> parts = new CopyOnWriteArrayList<>();
    private final List<Consumer<StatusSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "status-sampler");
        t.setDaemon(true);
        return t;
    });
    private volatile StatusSnapshot.Rates rates = StatusSnapshot.Rates.NONE;
    private volatile StatusSnapshot latest;
    private StatusSnapshot previousTick;

    /** @param judge evaluates the alarms on a snapshot and returns the alarm section that results */
    public StatusSampler(Sources sources, Function<StatusSnapshot, StatusSnapshot.Alarms> judge) {
        this.sources = sources;
        this.judge = judge;
    }

    /** Adds an extension's part; its key must not be one of the server's sections. */
    public void addPart(StatusPart<?> part) {
        parts.add(part);
    }

    /** Called with each second's snapshot, after the alarms have judged it (on the sampling thread). */
    public void onEachSecond(Consumer<StatusSnapshot> listener) {
        listeners.add(listener);
    }

    /** The status now. */
    public StatusSnapshot take() {
        Map<StatusPart<?>, Object> values = new LinkedHashMap<>();
        for (StatusPart<?> p : parts) {
            values.put(p, p.take().get());
        }
        return new StatusSnapshot(Instant.now(), sources.run().get(), sources.readout().get(), sources.store().get(),
                sources.beam().get(), sources.alarms().get(), sources.channels().get(), rates, values);
    }

    /** The last second's snapshot, or a new one before the first second. */
    public StatusSnapshot latest() {
        StatusSnapshot s = latest;
        return s != null ? s : take();
    }

    /** Samples every second from now on, the first time at once. */
    public StatusSampler start() {
        timer.scheduleAtFixedRate(this::safeTick, 0, 1, TimeUnit.SECONDS);
        return this;
    }

    /**
     * One extra sampling now, on the sampling thread, between the seconds: for a change the alarms
     * must judge at once (the store stopped a run on a full disk), not up to a second later.
     */
    public void sampleNow() {
        try {
            timer.execute(this::safeTick);
        } catch (RejectedExecutionException e) {
            // closing: nobody is looking any more
        }
    }

    private void safeTick() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("status sampling failed: {}", e.toString());
        }
    }

    /** One second's sampling: rates, alarms, publication. Public for tests that drive the clock themselves. */
    public StatusSnapshot tick() {
        StatusSnapshot s = take();
        StatusSnapshot before = previousTick;
        if (before != null) {
            double dtS = (s.time().toEpochMilli() - before.time().toEpochMilli()) / 1000.0;
            if (dtS > 0) {
                rates = new StatusSnapshot.Rates((s.readout().waveforms() - before.readout().waveforms()) / dtS,
                        (s.readout().packets() - before.readout().packets()) / dtS);
            }
        }
        previousTick = s;
        s = s.withRates(rates);
        s = s.withAlarms(judge.apply(s));
        latest = s;
        for (Consumer<StatusSnapshot> l : listeners) {
            try {
                l.accept(s);
            } catch (RuntimeException e) {
                LOG.warn("publishing the status failed: {}", e.toString());
            }
        }
        return s;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
