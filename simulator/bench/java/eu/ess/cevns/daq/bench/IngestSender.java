package eu.ess.cevns.daq.bench;

import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;

/**
 * The benchmark's digitizer, a separate process so that it does not share the server's JVM:
 * sends prebuilt packets of 1024-sample waveforms as fast as the transport takes them, then
 * prints {@code sent PACKETS WAVEFORMS BYTES}.
 * Arguments: {@code tcp|udp HOST PORT PACKET_BYTES WAVEFORMS [MB_PER_S]}; with a rate, UDP sends are paced
 * to it (a real digitizer sends at its trigger rate, not as fast as the host's CPU allows).
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
        long start = System.nanoTime();
        BenchPackets p = new BenchPackets(packetBytes, 64);
        long sentPackets = 0;
        long sentWaveforms = 0;
        long sentBytes = 0;
        if (transport.equals("tcp")) {
            try (Socket s = new Socket(host, port)) {
                s.setSendBufferSize(4 << 20);
                OutputStream out = s.getOutputStream();
                while (sentWaveforms < waveforms) {
                    int i = (int) (sentPackets % p.packets.length);
                    BenchPackets.sequence(p.packets[i], sentPackets);
                    out.write(p.packets[i]);
                    sentPackets++;
                    sentWaveforms += p.readouts[i];
                    sentBytes += p.packets[i].length;
                }
                out.flush();
            }
        } else {
            try (DatagramSocket s = new DatagramSocket()) {
                s.setSendBufferSize(4 << 20);
                DatagramPacket d = new DatagramPacket(p.packets[0], p.packets[0].length, host, port);
                while (sentWaveforms < waveforms) {
                    int i = (int) (sentPackets % p.packets.length);
                    BenchPackets.sequence(p.packets[i], sentPackets);
                    d.setData(p.packets[i]);
                    if (mbPerSecond > 0) {
                        // sleep rather than spin: on a 2-core machine a spinning sender would take a core from the server
                        long due = start + (long) (sentBytes / (mbPerSecond * 1e6) * 1e9);
                        long ahead = due - System.nanoTime();
                        if (ahead > 50_000) {
                            java.util.concurrent.locks.LockSupport.parkNanos(ahead);
                        }
                    }
                    s.send(d);
                    sentPackets++;
                    sentWaveforms += p.readouts[i];
                    sentBytes += p.packets[i].length;
                }
            }
        }
        System.out.println("sent " + sentPackets + " " + sentWaveforms + " " + sentBytes);
    }
}
