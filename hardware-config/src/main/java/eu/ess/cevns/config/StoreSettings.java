package eu.ess.cevns.config;

/**
 * How the run store works (site file {@code store:}).
 *
 * @param ringBytes the ring between the readout threads and the store writer, bytes (a power of two)
 */
public record StoreSettings(long ringBytes) {
}
