package eu.ess.cevns.daq.store;

import eu.ess.cevns.config.StoreSync;

/**
 * The store's sync policy ({@code store.sync}) and what it has done since the server started: syncs
 * made, the last and the longest one's duration, and syncs that failed (logged).
 */
public record SyncStatus(StoreSync policy, long syncs, double lastMs, double maxMs, long failures) {
    /** A store that never syncs. */
    public static final SyncStatus NONE = new SyncStatus(StoreSync.NONE, 0, 0, 0, 0);
}
