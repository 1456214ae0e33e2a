package eu.ess.cevns.daq.store;

/**
 * What the store writer tells the server of its own accord, on a thread of its own (never the
 * writer's, so a listener may take locks and call back into run control): a run it ended itself,
 * and free space coming back after a full disk.
 */
public interface StoreEvents {
    /** Nobody listening. */
    StoreEvents NONE = new StoreEvents() {
    };

    /** The store closed run {@code end.run()} itself: the data disk was full, or a write failed. */
    default void onRunEnded(RunEnd end) {
    }

    /** After a full disk, {@code usableBytes} are free again (at least twice the reserve): runs may start. */
    default void onSpaceBack(long usableBytes) {
    }
}
