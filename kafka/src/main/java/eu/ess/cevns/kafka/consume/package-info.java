/**
 * The combined analysis of several detectors from the ESS streaming backbone: each host's stream
 * on the detector topic ({@link eu.ess.cevns.kafka.consume.DetectorStream}) feeds the same run
 * analysis its own host runs, so that per detector the numbers are that host's; pulses that every
 * configured source has reported ({@link eu.ess.cevns.kafka.consume.JointPulses}) make the summed
 * view; {@link eu.ess.cevns.kafka.consume.StreamFollower} reads the topics live or seeks a past
 * run by timestamp, and {@link eu.ess.cevns.kafka.consume.CombinedView} serves the result.
 */
package eu.ess.cevns.kafka.consume;
