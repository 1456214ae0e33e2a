package eu.ess.cevns.app;

import eu.ess.cevns.sim.BeamSchedule;
import picocli.CommandLine.Option;

/**
 * What the simulated accelerator does, for {@code simulate --timing} and {@code demo}: power,
 * trips, planned beam-off periods and pulse-to-pulse jitter. The defaults are the demo's lively
 * beam; {@code --trips-per-hour 0 --beam-off-every 0} gives steady beam.
 */
final class BeamScheduleOptions {
    @Option(names = "--power", paramLabel = "MW", defaultValue = "2.0", description = "Beam power (default: ${DEFAULT-VALUE} MW; ESS design 5 MW).")
    double powerMw;

    @Option(names = "--trips-per-hour", defaultValue = "120", description = "Mean rate of beam trips (default: ${DEFAULT-VALUE}; 0 = none).")
    double tripsPerHour;

    @Option(names = "--trip-seconds", defaultValue = "5", description = "Beam off after each trip (default: ${DEFAULT-VALUE} s).")
    double tripSeconds;

    @Option(names = "--beam-off-every", paramLabel = "SECONDS", defaultValue = "120",
            description = "A planned beam-off period starts this often (default: ${DEFAULT-VALUE} s; 0 = never).")
    double beamOffEvery;

    @Option(names = "--beam-off-seconds", defaultValue = "10", description = "Length of a planned beam-off period (default: ${DEFAULT-VALUE} s).")
    double beamOffSeconds;

    @Option(names = "--jitter", defaultValue = "0.005", description = "Pulse-to-pulse charge jitter, fraction rms (default: ${DEFAULT-VALUE}).")
    double jitter;

    /** The schedule these options describe (2 GeV protons); a clear error if they are out of range. */
    BeamSchedule schedule(long seed) {
        try {
            return new BeamSchedule(powerMw, 2.0, jitter, tripsPerHour, tripSeconds, beamOffEvery, beamOffSeconds, seed);
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage());
        }
    }
}
