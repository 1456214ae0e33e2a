package eu.ess.cevns.daq.status;

import eu.ess.cevns.daq.readout.ReadoutCounters;
import eu.ess.cevns.daq.readout.ReadoutLoss;
import eu.ess.cevns.daq.readout.RejectReason;
import eu.ess.cevns.daq.readout.UdpStatus;
import eu.ess.cevns.daq.run.RunState;
import eu.ess.cevns.daq.timing.BeamState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * A server status a test sets field by field, for the alarm rules and whatever else reads status
 * snapshots: a healthy running DAQ with beam on until the test says otherwise.
 */
public final class TestStatus {
    public int runNumber = 1;
    public RunState runState = RunState.RUNNING;
    public long packets;
    public long waveforms;
    public long heartbeats;
    public long storeBytes;
    public long lostPackets;
    public long resyncs;
    /** The sequence counts since the last run change, per source. */
    public ReadoutLoss runLoss = ReadoutLoss.NONE;
    /** The UDP receive path: threads, receive buffer, the kernel's drops. */
    public UdpStatus udp = UdpStatus.NONE;
    public final Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    public long storeDropped;
    public BeamState beamState = BeamState.ON;
    public boolean timingConnected = true;
    public boolean timingFresh = true;
    public long pulsesOn;
    public long pulsesOff;
    public long pulsesUnknown;
    public StatusSnapshot.Join join = StatusSnapshot.Join.NONE;
    public long epicsUpdates;
    public double powerMw = 2.0;
    /** Seconds since each channel id last delivered a waveform. */
    public final Map<Integer, Double> silentS = new TreeMap<>(Map.of(0, 0.0, 1, 0.0, 2, 0.0));
    public final Map<StatusPart<?>, Object> parts = new LinkedHashMap<>();
    /** When the snapshot is taken (null: now). */
    public Instant time;
    public double waveformsPerS;
    public double potOn;

    public TestStatus() {
        for (RejectReason r : RejectReason.all()) {
            rejected.put(r, 0L);
        }
    }

    public StatusSnapshot snapshot() {
        long rejectedTotal = rejected.values().stream().mapToLong(Long::longValue).sum();
        ReadoutCounters.Snapshot readout = new ReadoutCounters.Snapshot(packets, heartbeats, waveforms, 0, lostPackets, 0, resyncs,
                rejectedTotal, Map.copyOf(rejected), 0, 0, 0, 0, runLoss, udp);
        List<StatusSnapshot.Channel> channels = new ArrayList<>();
        silentS.forEach((id, s) -> channels.add(new StatusSnapshot.Channel(id, "test", 0, 0, s, 1.0)));
        return new StatusSnapshot(time == null ? Instant.now() : time, new StatusSnapshot.Run(OptionalInt.of(runNumber), runState, null, null, ""),
                readout, new StatusSnapshot.Store(0, storeBytes, 0, 0, storeDropped),
                new StatusSnapshot.Beam(beamState, timingConnected, timingFresh, pulsesOn, pulsesOff, pulsesUnknown, potOn, 0, powerMw, "",
                        71.4, epicsUpdates, 0, 0, join),
                StatusSnapshot.Alarms.NONE, channels, new StatusSnapshot.Rates(waveformsPerS, 0), parts);
    }
}
