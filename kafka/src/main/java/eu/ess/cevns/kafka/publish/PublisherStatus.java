package eu.ess.cevns.kafka.publish;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The publisher as one status snapshot sees it ({@code kafka} in {@code /api/status}): what it is
 * doing, the run it publishes, how far behind the store it is (s, by data time), and what it has
 * sent since it started.
 *
 * @param state {@code connecting} (checking the topics for the first time), {@code waiting} (no run to
 *              publish), {@code publishing}, {@code behind} (the lag is over the alarm limit),
 *              {@code unreachable} (the topics could not be checked or made: Kafka away or refusing)
 */
public record PublisherStatus(String state, int run, double lagS, long messages, long bytes, long events, long pulses, long samples,
                              long rewinds, long liveErrors, long runsCompleted, String lastError) {

    void writeJson(ObjectNode o) {
        o.put("state", state);
        if (run > 0) {
            o.put("run", run);
        } else {
            o.putNull("run");
        }
        o.put("lagS", lagS);
        o.put("messages", messages);
        o.put("bytes", bytes);
        o.put("events", events);
        o.put("pulses", pulses);
        o.put("samples", samples);
        o.put("rewinds", rewinds);
        o.put("liveErrors", liveErrors);
        o.put("runsCompleted", runsCompleted);
        o.put("lastError", lastError);
    }
}
