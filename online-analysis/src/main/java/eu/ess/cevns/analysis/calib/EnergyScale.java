package eu.ess.cevns.analysis.calib;

import eu.ess.cevns.analysis.physics.ExpectedRate;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;

/**
 * Energy of a pulse: keVee = offset + gain × amplitude, from the channel's calibration; keVnr by
 * inverting the detector's quenching (keVee = Q(E_nr) · E_nr rises monotonically with E_nr), done
 * once on a fine logarithmic grid and then interpolated, so a conversion allocates nothing.
 */
public final class EnergyScale {
    private static final int GRID = 2000;
    private static final double NR_MIN_KEV = 1e-3;
    private static final double NR_MAX_KEV = 1e4;
    private final double[] gain;
    private final double[] offset;
    private final double[] eeGrid = new double[GRID];
    private final double[] nrGrid = new double[GRID];

    public EnergyScale(DetectorConfig detector) {
        int maxId = 0;
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig c : d.channels()) {
                maxId = Math.max(maxId, c.id());
            }
        }
        gain = new double[maxId + 1];
        offset = new double[maxId + 1];
        for (DigitizerConfig d : detector.digitizers()) {
            for (ChannelConfig c : d.channels()) {
                gain[c.id()] = c.calibration().gainKeVeePerAdc();
                offset[c.id()] = c.calibration().offsetKeVee();
            }
        }
        ExpectedRate quench = new ExpectedRate(detector);
        for (int i = 0; i < GRID; i++) {
            double nr = NR_MIN_KEV * Math.pow(NR_MAX_KEV / NR_MIN_KEV, i / (GRID - 1.0));
            nrGrid[i] = nr;
            eeGrid[i] = quench.keVee(nr);
        }
    }

    /** Electron-equivalent energy of an amplitude on a channel; NaN for a channel the config lacks. */
    public double keVee(int channelId, double amplitudeAdc) {
        if (channelId < 0 || channelId >= gain.length || gain[channelId] == 0) {
            return Double.NaN;
        }
        return offset[channelId] + gain[channelId] * amplitudeAdc;
    }

    /** Nuclear-recoil energy that shows as {@code keVee}. */
    public double keVnr(double keVee) {
        if (!(keVee > eeGrid[0])) {
            return keVee <= 0 ? 0 : keVee * nrGrid[0] / eeGrid[0];
        }
        if (keVee >= eeGrid[GRID - 1]) {
            return nrGrid[GRID - 1];
        }
        int lo = 0;
        int hi = GRID - 1;
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (eeGrid[mid] <= keVee) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double t = (keVee - eeGrid[lo]) / (eeGrid[hi] - eeGrid[lo]);
        return nrGrid[lo] + t * (nrGrid[hi] - nrGrid[lo]);
    }
}
