package eu.ess.cevns.daq.bench;

import eu.ess.cevns.sim.PulseClock;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The benchmarks' digitizer, a separate process so that it does not share the server's JVM: sends
 * prebuilt packets of waveforms as fast as the transport takes them, or paced, then prints
 * {@code sent PACKETS WAVEFORMS BYTES NANOS} (NANOS from the first send to the last).
 * <p>
 * Arguments: {@code tcp|udp HOST PORT PACKET_BYTES WAVEFORMS [MB_PER_S [FLOWS [SAMPLES [WAVEFORMS_PER_S]]]]}.
 * With a rate (MB/s, or waveforms/s if given and above 0), UDP sends are paced to it: a real
 * digitizer sends at its trigger rate, not as fast as the host's CPU allows. UDP goes out over
 * FLOWS sockets (default 1) in turn, each from its own source port and with its own output queue
 * and sequence numbers, as several digitizers or readout queues would: the kernel spreads flows,
 * not packets, over receive sockets that share a port. SAMPLES is the waveform length (default 1024).
 * Packets carry the ESS pulse of the moment they are sent, as a digitizer's do, so stored data
 * advance in time (what the live analysis's lag is measured in).
 */
public final class IngestSender {
    private IngestSender() {
    }

    public static void main(String[] args) throws Exception {
        String transport = args[0];
        InetAddress host = InetAddress.getByName(args[1]);
        int port = Integer.parseInt(args[2]);
        int packetBytes = Integer.parseInt(args[3]);
        long waveforms = Long.parseLong(args[4]);
        double mbPerSecond = args.length > 5 ? Double.parseDouble(args[5]) : 0;
        int flows = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        int samples = args.length > 7 ? Integer.parseInt(args[7]) : BenchPackets.SAMPLES;
        double waveformsPerSecond = args.length > 8 ? Double.parseDouble(args[8]) : 0;
        if (flows < 1 || flows > 24) {
            throw new IllegalArgumentException("FLOWS must be 1..24 (one output queue each), got " + flows);
        }
        BenchPackets p = new BenchPackets(packetBytes, 64, samples);
        PulseNow pulse = new PulseNow(p);
        long sentPackets = 0;
        long sentWaveforms = 0;
        long sentBytes = 0;
        long start = System.nanoTime();
        if (transport.equals("tcp")) {
            try (Socket s = new Socket(host, port)) {
                s.setSendBufferSize(4 << 20);
                OutputStream out = s.getOutputStream();
                start = System.nanoTime();
                while (sentWaveforms < waveforms) {
                    int i = (int) (sentPackets % p.packets.length);
                    pulse.stamp();
                    BenchPackets.sequence(p.packets[i], sentPackets);
                    out.write(p.packets[i]);
                    sentPackets++;
                    sentWaveforms += p.readouts[i];
                    sentBytes += p.packets[i].length;
                }
                out.flush();
            }
        } else {
            DatagramChannel[] channels = new DatagramChannel[flows];
            long[] sequences = new long[flows];
            ByteBuffer buffer = ByteBuffer.allocateDirect(packetBytes);
            try {
                for (int f = 0; f < flows; f++) {
                    channels[f] = DatagramChannel.open();
                    channels[f].setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
                    channels[f].connect(new InetSocketAddress(host, port));
                }
                start = System.nanoTime();
                while (sentWaveforms < waveforms) {
                    int i = (int) (sentPackets % p.packets.length);
                    int flow = (int) (sentPackets % flows);
                    byte[] packet = p.packets[i];
                    pulse.stamp();
                    BenchPackets.outputQueue(packet, flow);
                    BenchPackets.sequence(packet, sequences[flow]++);
                    if (mbPerSecond > 0 || waveformsPerSecond > 0) {
                        // sleep rather than spin: on a 2-core machine a spinning sender would take a core from the server
                        long due = start + (long) (waveformsPerSecond > 0 ? sentWaveforms / waveformsPerSecond * 1e9
                                : sentBytes / (mbPerSecond * 1e6) * 1e9);
                        long ahead = due - System.nanoTime();
                        if (ahead > 50_000) {
                            LockSupport.parkNanos(ahead);
                        }
                    }
                    buffer.clear();
                    buffer.put(packet).flip();
                    try {
                        channels[flow].write(buffer);
                    } catch (java.net.PortUnreachableException e) {
                        // an ICMP error from an earlier datagram (nobody listening): the datagram is counted as sent and lost
                    }
                    sentPackets++;
                    sentWaveforms += p.readouts[i];
                    sentBytes += packet.length;
                }
            } finally {
                for (DatagramChannel c : channels) {
                    if (c != null) {
                        c.close();
                    }
                }
            }
        }
        long nanos = System.nanoTime() - start;
        System.out.println("sent " + sentPackets + " " + sentWaveforms + " " + sentBytes + " " + nanos);
    }

    /** Keeps the packets on the ESS pulse of the moment: restamped when the pulse changes, 14 times a second. */
    private static final class PulseNow {
        private final BenchPackets packets;
        private long pulse = -1;

        PulseNow(BenchPackets packets) {
            this.packets = packets;
        }

        void stamp() {
            long k = PulseClock.pulseNumber(System.currentTimeMillis() * 1_000_000L);
            if (k != pulse) {
                pulse = k;
                packets.stampPulse(PulseClock.pulseTicks(k), PulseClock.pulseTicks(k - 1));
            }
        }
    }
}
