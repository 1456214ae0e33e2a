package eu.ess.cevns.app;

import eu.ess.cevns.analysis.physics.Reach;

import java.util.Locale;

/**
 * The NSI allowed region of a {@link Reach.Result} as a plain SVG, drawn as Baxter et al. (JHEP 02
 * (2020) 123) draw their Figure 3: ε^uV_ee across, ε^uV_μμ up, the region allowed at the CL filled,
 * the Standard Model at (0, 0), and the intervals through it on the ε_ee axis; the neutron radii in
 * the caption. Written by hand: no plotting library in the distribution.
 */
final class ReachFigure {
    private static final int SIZE = 480;
    private static final int LEFT = 64;
    private static final int TOP = 58;
    private static final int BOTTOM = 104;
    private static final int RIGHT = 24;

    private ReachFigure() {
    }

    static String svg(Reach.Result r, String exposureWords) {
        Reach.Grid g = r.nsi().grid();
        double range = r.input().epsilonRange();
        int w = LEFT + SIZE + RIGHT;
        int h = TOP + SIZE + BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        s.append(f("<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", w, h));
        s.append(f("<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s: vector NSI with up quarks, %.0f %% CL</text>%n", LEFT,
                esc(r.input().detector().name()), 100 * r.input().cl()));
        s.append(f("<text x=\"%d\" y=\"38\" fill=\"#444\">%s · %s · ε^dV = 0</text>%n", LEFT, esc(exposureWords), esc(r.input().statistics())));
        // the allowed region: each grid row's allowed cells as runs of rectangles
        double cell = SIZE / (double) (g.ee().length - 1);
        s.append("<g fill=\"#2563eb\" fill-opacity=\"0.55\" shape-rendering=\"crispEdges\">\n");
        for (int j = 0; j < g.mumu().length; j++) {
            double[] row = g.deltaChi2()[j];
            int i = 0;
            while (i < row.length) {
                if (row[i] >= r.nsi().deltaChi2()) {
                    i++;
                    continue;
                }
                int from = i;
                while (i < row.length && row[i] < r.nsi().deltaChi2()) {
                    i++;
                }
                double x0 = x(g.ee()[from], range) - cell / 2;
                double x1 = x(g.ee()[i - 1], range) + cell / 2;
                double y = y(g.mumu()[j], range) - cell / 2;
                s.append(f("<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\"/>", x0, y, x1 - x0, cell));
            }
        }
        s.append("\n</g>\n");
        // axes, grid lines and ticks
        s.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#111\"/>%n", LEFT, TOP, SIZE, SIZE));
        double step = range > 0.6 ? 0.5 : 0.1;
        for (double t = -Math.floor(range / step) * step; t <= range + 1e-9; t += step) {
            double px = x(t, range);
            double py = y(t, range);
            s.append(f("<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ccc\" stroke-dasharray=\"2,3\"/>", px, px, TOP, TOP + SIZE));
            s.append(f("<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ccc\" stroke-dasharray=\"2,3\"/>%n", LEFT, LEFT + SIZE, py, py));
            s.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.1f</text>", px, TOP + SIZE + 16, t));
            s.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%.1f</text>%n", LEFT - 6, py + 4, t));
        }
        s.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">ε^uV_ee</text>%n", LEFT + SIZE / 2, TOP + SIZE + 34));
        s.append(f("<text x=\"16\" y=\"%d\" transform=\"rotate(-90 16 %d)\" text-anchor=\"middle\">ε^uV_μμ</text>%n", TOP + SIZE / 2,
                TOP + SIZE / 2));
        // the intervals through the Standard Model on the ε_ee axis, and the Standard Model itself
        for (double[] i : r.nsi().eeIntervalsAtMumuZero()) {
            s.append(f("<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#b91c1c\" stroke-width=\"3\"/>%n", x(i[0], range),
                    x(i[1], range), y(0, range), y(0, range)));
        }
        s.append(f("<path d=\"M %.1f %.1f l 10 10 m -10 0 l 10 -10\" stroke=\"#111\" stroke-width=\"2\" transform=\"translate(-5 -5)\"/>%n",
                x(0, range), y(0, range)));
        StringBuilder radii = new StringBuilder("neutron rms radius (1σ): ");
        for (Reach.Radius rr : r.radii()) {
            radii.append(f("%s %.2f ± %.3f fm  ", rr.nucleus(), rr.rmsFm(), rr.sigmaFm()));
        }
        s.append(f("<text x=\"%d\" y=\"%d\">%s</text>%n", LEFT, TOP + SIZE + 56, esc(radii.toString().strip())));
        s.append(f("<text x=\"%d\" y=\"%d\" fill=\"#444\">blue: allowed (Δχ² &lt; %.2f) · red: the allowed ε_ee at ε_μμ = 0 · ×: Standard Model</text>%n",
                LEFT, TOP + SIZE + 74, r.nsi().deltaChi2()));
        s.append(f("<text x=\"%d\" y=\"%d\" fill=\"#444\">%.0f CEvNS events above threshold · cevns-daq reach (Baxter et al., JHEP 02 (2020) 123, Fig. 3)</text>%n",
                LEFT, TOP + SIZE + 92, r.events()));
        s.append("</svg>\n");
        return s.toString();
    }

    private static double x(double e, double range) {
        return LEFT + SIZE * (e + range) / (2 * range);
    }

    private static double y(double e, double range) {
        return TOP + SIZE * (range - e) / (2 * range);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static String esc(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
