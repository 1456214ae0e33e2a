package eu.ess.cevns.daq.bench;

import eu.ess.cevns.daq.readout.ReadoutHeader;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The live analysis's lag while ingest runs flat out, and after it stops: {@code bench.waveforms}
 * (default 3 000 000) waveforms over TCP as fast as the sender goes into the server
 * ({@link BenchServer}, live analysis attached), then {@code bench.afterSeconds} (default 15) of
 * silence. Every 250 ms it reads the stored and analysed counts and the lag (and backlog) the server
 * reports; the true lag is how long ago the store held as many waveforms as the analysis has now
 * analysed (the age, in arrival time, of the newest analysed waveform). Prints one line a second,
 * then the largest true and reported lag under load and the reported lag after the data stopped.
 */
public final class LagUnderLoad {
    private LagUnderLoad() {
    }

    /** One reading. */
    record Sample(double tS, double stored, double analysed, double reportedLagMs, double reportedBacklog) {
    }

    public static void main(String[] args) throws Exception {
        long waveforms = Long.getLong("bench.waveforms", 3_000_000);
        double after = Double.parseDouble(System.getProperty("bench.afterSeconds", "15"));
        run(waveforms, after, System.out::println).forEach(System.out::println);
    }

    static List<String> run(long waveforms, double afterSeconds, java.util.function.Consumer<String> log) throws Exception {
        List<Sample> samples = new ArrayList<>();
        double sendEndS;
        double load = ProcNetUdp.load();
        try (BenchProcess server = BenchProcess.java(BenchServer.class, Map.of(), List.of(), true)) {
            int port = (int) (double) BenchProcess.values(server.greeting()).get("tcp");
            long t0 = System.nanoTime();
            BenchProcess sender = BenchProcess.java(IngestSender.class, Map.of(), List.of("tcp", "127.0.0.1", Integer.toString(port),
                    Integer.toString(ReadoutHeader.MAX_PACKET), Long.toString(waveforms)), false);
            double end = Double.NaN;
            while (true) {
                Map<String, Double> s = BenchProcess.values(server.ask("stats"));
                double t = (System.nanoTime() - t0) / 1e9;
                samples.add(new Sample(t, s.get("stored"), s.get("analysed"), s.get("lagMs"), s.getOrDefault("backlog", Double.NaN)));
                if (Double.isNaN(end) && s.get("stored") >= waveforms) {
                    end = t;
                }
                if (!Double.isNaN(end) && t > end + afterSeconds) {
                    break;
                }
                if (t > 600) {
                    throw new IllegalStateException("the server did not store " + waveforms + " waveforms in 10 minutes");
                }
                Thread.sleep(250);
            }
            sender.awaitLastLine(60);
            sender.close();
            sendEndS = end;
        }
        double maxTrue = 0;
        double maxReported = 0;
        double caughtUpS = Double.NaN;
        List<String> out = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            double trueLag = trueLagS(samples, i);
            if (s.tS() <= sendEndS) {
                maxTrue = Math.max(maxTrue, trueLag);
                if (!Double.isNaN(s.reportedLagMs())) {
                    // NaN: the analysis had not reported yet (before the run's first records)
                    maxReported = Math.max(maxReported, s.reportedLagMs() / 1000);
                }
            } else if (Double.isNaN(caughtUpS) && s.analysed() >= s.stored()) {
                caughtUpS = s.tS() - sendEndS;
            }
            if (i % 4 == 0) {
                log.accept(String.format(Locale.ROOT, "t %5.1f s: stored %,.0f analysed %,.0f backlog %,.0f; true lag %.2f s, reported lag %.2f s,"
                                + " reported backlog %s", s.tS(), s.stored(), s.analysed(), s.stored() - s.analysed(), trueLag,
                        s.reportedLagMs() / 1000, Double.isNaN(s.reportedBacklog()) ? "-" : String.format(Locale.ROOT, "%,.0f", s.reportedBacklog())));
            }
        }
        Sample last = samples.get(samples.size() - 1);
        out.add(String.format(Locale.ROOT, "lag under load (load %.1f at the start): %,d waveforms over TCP stored by %.1f s; largest true lag %.2f s, "
                        + "largest reported %.2f s; analysis caught up %s after the data stopped; reported lag %.0f s after the data stopped: %.2f s",
                load, (long) last.stored(), sendEndS, maxTrue, maxReported,
                Double.isNaN(caughtUpS) ? "not within " + afterSeconds + " s" : String.format(Locale.ROOT, "%.1f s", caughtUpS),
                last.tS() - sendEndS, last.reportedLagMs() / 1000));
        return out;
    }

    /** Seconds since the store first held as many waveforms as analysed at reading {@code i}; 0 when caught up. */
    private static double trueLagS(List<Sample> samples, int i) {
        Sample s = samples.get(i);
        if (s.analysed() >= s.stored()) {
            return 0;
        }
        for (int j = 0; j <= i; j++) {
            if (samples.get(j).stored() >= s.analysed()) {
                return s.tS() - samples.get(j).tS();
            }
        }
        return s.tS();
    }
}
