package eu.ess.cevns.config;

/**
 * How long an alarm's condition must hold before it is raised ({@code raiseS}), and how long it
 * must be gone before the alarm clears ({@code clearS}), as in the Phoebus alarm server's delay
 * filter. A condition that comes and goes within {@code clearS} (a rate that dips for a few
 * seconds, beam that trips for a minute) is one alarm, not one per flap.
 */
public record AlarmDelay(double raiseS, double clearS) {
    /** Raised at once, cleared at once. */
    public static final AlarmDelay NONE = new AlarmDelay(0, 0);

    public AlarmDelay {
        if (!(raiseS >= 0) || !(clearS >= 0)) {
            throw new IllegalArgumentException("alarm delays must be >= 0 s, got raise " + raiseS + " s, clear " + clearS + " s");
        }
    }
}
