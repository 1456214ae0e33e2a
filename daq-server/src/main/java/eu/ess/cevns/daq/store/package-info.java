/**
 * The run store: one Chronicle Queue per run under {@code <data>/runs/000042/}, holding typed,
 * versioned records (DESIGN §5), each kind laid out by one descriptor class
 * ({@link eu.ess.cevns.daq.store.RecordKind} lists them; {@code formats.md} is the reference).
 * Readout threads hand waveforms to {@link eu.ess.cevns.daq.store.StoreIngress}, which copies them
 * into an off-heap many-to-one ring; one {@link eu.ess.cevns.daq.store.StoreAgent} thread drains the
 * ring into the current run's queue and is the only thread that ever writes a queue; a full disk
 * stops its run cleanly ({@link eu.ess.cevns.daq.store.StoreSpace} keeps a reserve free) and a
 * failed write aborts it, neither ends the thread.
 * {@link eu.ess.cevns.daq.store.RunReader} reads a run from its start, and keeps reading as a live
 * run grows; {@link eu.ess.cevns.daq.store.RunStore} lists runs, keeps each run's {@code run.json}
 * (field by field on rewrite) and logbook file, and recovers runs a crash left open.
 */
package eu.ess.cevns.daq.store;
