package eu.ess.cevns.sim;

/**
 * What the simulated detector sees in one proton-pulse period: the seam where a physics mode
 * (CEvNS signal, beam-related neutrons) joins the steady background.
 */
public interface EventSource {
    /** Receives one event of a pulse period. */
    interface Sink {
        void onEvent(int channelIndex, long timeSinceT0Ns, double energyKeVee);
    }

    /** Emits the events of the pulse period that starts at {@code pulseT0Ns}. */
    void pulse(long pulseT0Ns, Sink sink);
}
