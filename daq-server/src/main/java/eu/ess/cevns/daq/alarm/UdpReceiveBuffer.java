package eu.ess.cevns.daq.alarm;

import eu.ess.cevns.daq.readout.UdpStatus;

import java.util.Locale;

/**
 * The kernel granted the readout's UDP sockets less receive buffer than the site asked for
 * ({@code readout.udpReceiveBufferBytes}; the kernel caps it at {@code net.core.rmem_max}), MINOR:
 * nothing is lost yet, but a burst longer than the smaller buffer, or a receive thread kept from its
 * CPU for longer than it lasts, will be dropped in the kernel.
 */
final class UdpReceiveBuffer implements AlarmRule {
    private static final double MIB = 1 << 20;

    @Override
    public void check(AlarmInputs in, AlarmReport report) {
        UdpStatus u = in.now().readout().udp();
        if (!u.bufferShort()) {
            return;
        }
        report.raise("udpReceiveBuffer", Severity.MINOR, "UDP receive buffer smaller than asked",
                String.format(Locale.ROOT, "the site asks for %.1f MiB of receive buffer per readout socket; the kernel granted %.1f MiB",
                        u.bufferAskedBytes() / MIB, u.bufferGrantedBytes() / MIB),
                String.format(Locale.ROOT, "Raise the kernel's limit as root: sysctl -w net.core.rmem_max=%d (and put it in "
                        + "/etc/sysctl.d/ to keep it), then restart the server. Until then, bursts that outlast the smaller buffer are "
                        + "dropped by the kernel (KernelDrops).", u.bufferAskedBytes()),
                "KernelDrops");
    }
}
