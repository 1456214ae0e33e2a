package eu.ess.cevns.daq.readout;

/**
 * Datagrams the kernel dropped at the readout's UDP sockets since they opened, as a running count
 * (-1 while unknown): {@link #recent()} may be up to a second old, {@link #now()} is read at once.
 * What {@link SequenceTracker} reports per stretch of readout beside the sequence gaps.
 */
public interface KernelDrops {
    /** No UDP sockets, or a platform that does not tell. */
    KernelDrops UNKNOWN = new KernelDrops() {
        @Override
        public long recent() {
            return -1;
        }

        @Override
        public long now() {
            return -1;
        }
    };

    long recent();

    long now();
}
