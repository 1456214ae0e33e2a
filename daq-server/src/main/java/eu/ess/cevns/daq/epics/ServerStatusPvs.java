package eu.ess.cevns.daq.epics;

import eu.ess.cevns.daq.alarm.Alarm;
import eu.ess.cevns.daq.alarm.Severity;
import eu.ess.cevns.daq.run.RunState;
import eu.ess.cevns.daq.timing.BeamState;

import java.util.List;
import java.util.Locale;

/**
 * The server's status PVs (DESIGN §7), as one table read from each second's status snapshot:
 * run, data flow, store, beam and the alarm summary. States are NTEnums so that a display can
 * colour them by index; numbers carry units and precision; NaN, not 0 or -1, where nothing is
 * known, so a display never shows "disk full" for "unknown". The live analysis adds its own
 * (Excess, ExcessError, Significance, Expected, AnalysisLag).
 */
public final class ServerStatusPvs {
    private static final double GIB = 1024.0 * 1024 * 1024;

    private ServerStatusPvs() {
    }

    public static List<StatusPv> table() {
        return List.of(
                StatusPv.count("RunNumber", "", s -> s.run().number().orElse(-1)),
                StatusPv.state("RunState", RunState.values(), s -> s.run().state()),
                StatusPv.number("WaveformRate", "1/s", 1, s -> s.rates().waveformsPerS()),
                StatusPv.number("PacketRate", "1/s", 1, s -> s.rates().packetsPerS()),
                StatusPv.count("LostPackets", "packets", s -> s.readout().lostPackets()),
                StatusPv.count("RejectedPackets", "packets", s -> s.readout().rejectedTotal()),
                // datagrams this host's kernel dropped at the readout sockets (receive buffer full), -1 unknown
                StatusPv.count("KernelDrops", "packets", s -> s.readout().kernelDrops()),
                StatusPv.count("StoreBytes", "B", s -> s.store().bytes()),
                StatusPv.state("BeamState", BeamState.values(), s -> s.beam().state()),
                StatusPv.flag("TimingConnected", s -> s.beam().timingConnected()),
                StatusPv.count("PulsesOn", "pulses", s -> s.beam().pulsesOn()),
                StatusPv.count("PulsesOff", "pulses", s -> s.beam().pulsesOff()),
                StatusPv.count("PulsesUnknown", "pulses", s -> s.beam().pulsesUnknown()),
                StatusPv.number("POT", "protons", 3, s -> s.beam().potOn()),
                StatusPv.number("DiskFree", "GiB", 1, s -> s.alarms().diskFreeBytes() < 0 ? Double.NaN : s.alarms().diskFreeBytes() / GIB),
                // the alarm summary for the control room: how many, how bad, and the worst in words
                StatusPv.count("AlarmCount", "alarms", s -> s.alarms().active().size()).summarizingAlarms(),
                StatusPv.state("AlarmSeverity", Severity.values(), s -> s.alarms().severity()).summarizingAlarms(),
                StatusPv.text("AlarmMessage", s -> {
                    List<Alarm> active = s.alarms().active();
                    if (active.isEmpty()) {
                        return "no alarm";
                    }
                    Alarm first = active.get(0);
                    String state = first.state() == Alarm.State.ACTIVE ? "" : " (" + first.state().name().toLowerCase(Locale.ROOT) + ")";
                    return first.severity() + state + ": " + first.title() + " - " + first.message();
                }).summarizingAlarms());
    }
}
