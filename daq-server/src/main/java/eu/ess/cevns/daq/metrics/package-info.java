/**
 * Prometheus metrics (Micrometer), scraped at {@code /metrics}: meters that read the counters the
 * server keeps anyway, so nothing is added to the data path.
 */
package eu.ess.cevns.daq.metrics;
