package eu.ess.cevns.kafka.consume;

import eu.ess.cevns.analysis.beam.BeamExposure;
import eu.ess.cevns.analysis.monitor.EventClass;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.EssPulse;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The pulses every configured source has reported: a pulse is complete once each source's ev44
 * for it has arrived (empty ones included: that is what they are for), and only then do its
 * events and exposure, as each source's analysis classified them, count in the joint tallies from
 * which the summed view is made. A pulse some source never reports (its run had not started, or
 * had stopped) is dropped after {@link #HORIZON_NS} of newer pulses. Events of a complete pulse
 * that arrive late still count.
 */
final class JointPulses {
    static final long HORIZON_NS = 60_000_000_000L;

    /** One source's share of the joint view. */
    static final class Tally {
        long on;
        long off;
        long beamOff;
        long unknown;
        final BeamExposure exposure = new BeamExposure();

        void add(EventClass c, long n) {
            switch (c) {
                case ON_WINDOW -> on += n;
                case OFF_WINDOW -> off += n;
                case BEAM_OFF_WINDOW -> beamOff += n;
                case UNKNOWN_BEAM -> unknown += n;
                case OUTSIDE -> {
                }
            }
        }
    }

    /** One pulse waiting for every source. */
    private static final class Pulse {
        int reported;
        final int[] state;
        final double[] chargeUc;
        final BeamWindows[] windows;
        final long[][] counts;

        Pulse(int sources) {
            state = new int[sources];
            chargeUc = new double[sources];
            windows = new BeamWindows[sources];
            counts = new long[sources][EventClass.values().length];
        }
    }

    private final List<String> sources;
    private final Map<String, Integer> index = new LinkedHashMap<>();
    private final Tally[] tallies;
    private final TreeMap<Long, Pulse> waiting = new TreeMap<>();
    private final TreeMap<Long, Boolean> completed = new TreeMap<>();
    private final int all;
    private long newestT0 = Long.MIN_VALUE;
    private long complete;
    private long dropped;

    JointPulses(List<String> sources) {
        this.sources = List.copyOf(sources);
        for (int i = 0; i < sources.size(); i++) {
            index.put(sources.get(i), i);
        }
        tallies = new Tally[sources.size()];
        for (int i = 0; i < tallies.length; i++) {
            tallies[i] = new Tally();
        }
        all = (1 << sources.size()) - 1;
    }

    List<String> sources() {
        return sources;
    }

    Tally tally(String source) {
        return tallies[index.get(source)];
    }

    long completePulses() {
        return complete;
    }

    long droppedPulses() {
        return dropped;
    }

    /** Source {@code source} decided pulse {@code t0Ns} with the windows in force there. */
    void pulse(String source, long t0Ns, int beamState, double chargeUc, BeamWindows w) {
        Integer i = index.get(source);
        if (i == null || completed.containsKey(t0Ns)) {
            return;
        }
        Pulse p = waiting(t0Ns);
        p.state[i] = beamState;
        p.chargeUc[i] = chargeUc;
        p.windows[i] = w;
    }

    /** An event of pulse {@code t0Ns} as source {@code source}'s analysis classified it. */
    void event(String source, long t0Ns, EventClass c) {
        Integer i = index.get(source);
        if (i == null) {
            return;
        }
        if (completed.containsKey(t0Ns)) {
            tallies[i].add(c, 1);
            return;
        }
        waiting(t0Ns).counts[i][c.ordinal()]++;
    }

    /** Source {@code source} has reported pulse {@code t0Ns} (an ev44 of it arrived). */
    void reported(String source, long t0Ns) {
        Integer i = index.get(source);
        if (i == null || completed.containsKey(t0Ns)) {
            return;
        }
        Pulse p = waiting(t0Ns);
        p.reported |= 1 << i;
        if (p.reported == all) {
            waiting.remove(t0Ns);
            for (int s = 0; s < tallies.length; s++) {
                Tally t = tallies[s];
                if (p.windows[s] != null) {
                    t.exposure.onPulse(p.state[s], p.chargeUc[s], p.windows[s]);
                }
                for (EventClass c : EventClass.values()) {
                    t.add(c, p.counts[s][c.ordinal()]);
                }
            }
            completed.put(t0Ns, Boolean.TRUE);
            complete++;
        }
        evict();
    }

    private Pulse waiting(long t0Ns) {
        newestT0 = Math.max(newestT0, t0Ns);
        return waiting.computeIfAbsent(t0Ns, t -> new Pulse(sources.size()));
    }

    private void evict() {
        long horizon = newestT0 - HORIZON_NS;
        for (Iterator<Long> it = waiting.keySet().iterator(); it.hasNext(); ) {
            long t = it.next();
            if (t >= horizon) {
                break;
            }
            it.remove();
            dropped++;
        }
        // late events come within a few pulses; a minute of completed pulses is plenty
        while (!completed.isEmpty() && completed.firstKey() < horizon - 10 * EssPulse.PERIOD_NS) {
            completed.pollFirstEntry();
        }
    }

    /** The pulses still waiting for some source. */
    int waitingPulses() {
        return waiting.size();
    }

    /** Copies of each source's tally. */
    List<Tally> tallies() {
        return new ArrayList<>(List.of(tallies));
    }
}
