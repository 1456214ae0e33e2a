package eu.ess.cevns.kafka.publish;

import java.util.concurrent.atomic.AtomicLong;

/** What the publisher has done since it started; written by its thread (and the producer's), read by the views. */
final class PublisherCounters {
    final AtomicLong messages = new AtomicLong();
    final AtomicLong bytes = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    final AtomicLong samples = new AtomicLong();
    final AtomicLong pulses = new AtomicLong();
    final AtomicLong lateEvents = new AtomicLong();
    final AtomicLong liveErrors = new AtomicLong();
    final AtomicLong rewinds = new AtomicLong();
    final AtomicLong runsCompleted = new AtomicLong();
    volatile String lastError = "";
}
