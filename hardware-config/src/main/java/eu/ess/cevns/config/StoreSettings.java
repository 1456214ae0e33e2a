package eu.ess.cevns.config;

/**
 * How the run store works (site file {@code store:}).
 *
 * @param ringBytes    the ring between the readout threads and the store writer, bytes (a power of two)
 * @param reserveBytes free space the store leaves on the data root's file system: a run stops (reason
 *                     {@code diskFull}) before its appends would eat into it, so that the run's last
 *                     records, its {@code run.json} and the file system's other users still fit
 * @param autoRestart  whether the server starts a new run by itself once a run stopped on a full
 *                     disk has its space back (free space at least twice the reserve)
 * @param sync         when what is stored is forced to the disk ({@link StoreSync}): what a power cut may lose
 */
public record StoreSettings(long ringBytes, long reserveBytes, boolean autoRestart, StoreSync sync) {
    /** The reserve when the site file gives none: small beside any data disk, ample for a run's last records. */
    public static final long DEFAULT_RESERVE_BYTES = 256L << 20;
    /** The smallest reserve a site file may set: a new hourly queue file, its index and a run's last records. */
    public static final long MIN_RESERVE_BYTES = 4L << 20;

    public StoreSettings {
        if (sync == null) {
            throw new IllegalArgumentException("store sync policy missing");
        }
    }

    /** Settings without sync (the kernel writes back in its own time). */
    public StoreSettings(long ringBytes, long reserveBytes, boolean autoRestart) {
        this(ringBytes, reserveBytes, autoRestart, StoreSync.NONE);
    }

    /** These settings with another ring size. */
    public StoreSettings withRingBytes(long bytes) {
        return new StoreSettings(bytes, reserveBytes, autoRestart, sync);
    }

    /** These settings with another sync policy. */
    public StoreSettings withSync(StoreSync s) {
        return new StoreSettings(ringBytes, reserveBytes, autoRestart, s);
    }
}
