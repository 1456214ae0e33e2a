package eu.ess.cevns.config;

/**
 * What makes a set of beam windows usable: each window starts before it ends, both lie inside one
 * 71 428 µs pulse period, and they do not overlap. Checked for the site file and for every live
 * change (status PVs, HTTP), with the same words.
 */
public final class WindowRules {
    private WindowRules() {
    }

    /** Null if the windows are usable, else why not. */
    public static String check(BeamWindows w) {
        if (w.onEndUs() <= w.onStartUs()) {
            return "on window must end after it starts (" + w.onStartUs() + " .. " + w.onEndUs() + " µs)";
        }
        if (w.offEndUs() <= w.offStartUs()) {
            return "off window must end after it starts (" + w.offStartUs() + " .. " + w.offEndUs() + " µs)";
        }
        if (w.onEndUs() > EssPulse.PERIOD_US || w.offEndUs() > EssPulse.PERIOD_US) {
            return "windows must lie within one pulse period (0 .. " + Math.floor(EssPulse.PERIOD_US) + " µs)";
        }
        if (w.onStartUs() < w.offEndUs() && w.offStartUs() < w.onEndUs()) {
            return "on window (" + w.onStartUs() + " .. " + w.onEndUs() + " µs) and off window (" + w.offStartUs() + " .. "
                    + w.offEndUs() + " µs) overlap";
        }
        return null;
    }
}
