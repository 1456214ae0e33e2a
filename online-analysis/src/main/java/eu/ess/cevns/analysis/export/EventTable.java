package eu.ess.cevns.analysis.export;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The accepted events and the pulses of a run in growable primitive columns, as the export
 * collects them; sorted by pulse and time on request, so that NeXus's per-pulse event index holds.
 */
final class EventTable {
    int events;
    long[] pulseT0Ns = new long[1024];
    long[] timeOffsetNs = new long[1024];
    int[] channel = new int[1024];
    double[] keVee = new double[1024];
    double[] keVnr = new double[1024];
    double[] shape = new double[1024];
    byte[] window = new byte[1024];
    byte[] state = new byte[1024];

    /** Raw samples per event, when asked for (kept in the order events arrive; see {@link #sortAndTrim}). */
    List<short[]> samples;

    int pulses;
    long[] pulseT0 = new long[1024];
    double[] chargeUc = new double[1024];
    byte[] pulseState = new byte[1024];

    void addEvent(long t0, long offset, int ch, double ee, double nr, double sh, int win, int st) {
        if (events == pulseT0Ns.length) {
            int n = events * 2;
            pulseT0Ns = Arrays.copyOf(pulseT0Ns, n);
            timeOffsetNs = Arrays.copyOf(timeOffsetNs, n);
            channel = Arrays.copyOf(channel, n);
            keVee = Arrays.copyOf(keVee, n);
            keVnr = Arrays.copyOf(keVnr, n);
            shape = Arrays.copyOf(shape, n);
            window = Arrays.copyOf(window, n);
            state = Arrays.copyOf(state, n);
        }
        pulseT0Ns[events] = t0;
        timeOffsetNs[events] = offset;
        channel[events] = ch;
        keVee[events] = ee;
        keVnr[events] = nr;
        shape[events] = sh;
        window[events] = (byte) win;
        state[events] = (byte) st;
        events++;
    }

    void addPulse(long t0, double charge, int st) {
        if (pulses == pulseT0.length) {
            int n = pulses * 2;
            pulseT0 = Arrays.copyOf(pulseT0, n);
            chargeUc = Arrays.copyOf(chargeUc, n);
            pulseState = Arrays.copyOf(pulseState, n);
        }
        pulseT0[pulses] = t0;
        chargeUc[pulses] = charge;
        pulseState[pulses] = (byte) st;
        pulses++;
    }

    /** Reorders the events by (pulse T0, time offset) and trims every column to its length. */
    void sortAndTrim() {
        boolean ordered = true;
        for (int i = 1; i < events && ordered; i++) {
            ordered = pulseT0Ns[i] > pulseT0Ns[i - 1] || (pulseT0Ns[i] == pulseT0Ns[i - 1] && timeOffsetNs[i] >= timeOffsetNs[i - 1]);
        }
        if (!ordered && samples != null) {
            List<short[]> sorted = new ArrayList<>(events);
            Integer[] o = new Integer[events];
            for (int i = 0; i < events; i++) {
                o[i] = i;
            }
            Arrays.sort(o, (a, b) -> pulseT0Ns[a] != pulseT0Ns[b] ? Long.compare(pulseT0Ns[a], pulseT0Ns[b])
                    : Long.compare(timeOffsetNs[a], timeOffsetNs[b]));
            for (Integer k : o) {
                sorted.add(samples.get(k));
            }
            samples = sorted;
        }
        if (ordered) {
            // the usual case: events arrive pulse by pulse; only trim
            pulseT0Ns = Arrays.copyOf(pulseT0Ns, events);
            timeOffsetNs = Arrays.copyOf(timeOffsetNs, events);
            channel = Arrays.copyOf(channel, events);
            keVee = Arrays.copyOf(keVee, events);
            keVnr = Arrays.copyOf(keVnr, events);
            shape = Arrays.copyOf(shape, events);
            window = Arrays.copyOf(window, events);
            state = Arrays.copyOf(state, events);
            pulseT0 = Arrays.copyOf(pulseT0, pulses);
            chargeUc = Arrays.copyOf(chargeUc, pulses);
            pulseState = Arrays.copyOf(pulseState, pulses);
            return;
        }
        Integer[] order = new Integer[events];
        for (int i = 0; i < events; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> pulseT0Ns[a] != pulseT0Ns[b] ? Long.compare(pulseT0Ns[a], pulseT0Ns[b])
                : Long.compare(timeOffsetNs[a], timeOffsetNs[b]));
        long[] t0 = new long[events];
        long[] off = new long[events];
        int[] ch = new int[events];
        double[] ee = new double[events];
        double[] nr = new double[events];
        double[] sh = new double[events];
        byte[] win = new byte[events];
        byte[] st = new byte[events];
        for (int i = 0; i < events; i++) {
            int k = order[i];
            t0[i] = pulseT0Ns[k];
            off[i] = timeOffsetNs[k];
            ch[i] = channel[k];
            ee[i] = keVee[k];
            nr[i] = keVnr[k];
            sh[i] = shape[k];
            win[i] = window[k];
            st[i] = state[k];
        }
        pulseT0Ns = t0;
        timeOffsetNs = off;
        channel = ch;
        keVee = ee;
        keVnr = nr;
        shape = sh;
        window = win;
        state = st;
        pulseT0 = Arrays.copyOf(pulseT0, pulses);
        chargeUc = Arrays.copyOf(chargeUc, pulses);
        pulseState = Arrays.copyOf(pulseState, pulses);
    }

    /** NeXus NXevent_data: the distinct pulse times of the events and the index of each one's first event. */
    long[][] eventTimeZeroAndIndex() {
        int distinct = 0;
        for (int i = 0; i < events; i++) {
            if (i == 0 || pulseT0Ns[i] != pulseT0Ns[i - 1]) {
                distinct++;
            }
        }
        long[] zero = new long[distinct];
        long[] index = new long[distinct];
        int d = 0;
        for (int i = 0; i < events; i++) {
            if (i == 0 || pulseT0Ns[i] != pulseT0Ns[i - 1]) {
                zero[d] = pulseT0Ns[i];
                index[d] = i;
                d++;
            }
        }
        return new long[][] {zero, index};
    }
}
