/**
 * The server's own status history: named series ({@link eu.ess.cevns.daq.history.HistorySeries},
 * the server's in {@link eu.ess.cevns.daq.history.ServerHistorySeries}, extensions add theirs)
 * sampled from each second's status snapshot into two fixed-size ring files in the data root
 * ({@link eu.ess.cevns.daq.history.HistoryRing}: 1 s buckets for an hour, 1 min buckets for 30 days
 * by default), kept across restarts and served as ranges ({@link eu.ess.cevns.daq.history.HistoryHandler},
 * {@code /api/history}), so that no view depends on a browser having been open.
 */
package eu.ess.cevns.daq.history;
