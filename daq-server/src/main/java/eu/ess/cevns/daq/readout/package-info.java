/**
 * Readout ingest: digitizer packets in ESS readout framing (DESIGN §3) arrive over UDP and TCP,
 * are validated field by field as the ESS event-formation-unit does, and each waveform readout is
 * handed, as a reused {@link eu.ess.cevns.daq.readout.Waveform} flyweight, to a
 * {@link eu.ess.cevns.daq.readout.WaveformSink}. A bad packet is dropped whole and counted per
 * {@link eu.ess.cevns.daq.readout.RejectReason}; nothing here allocates per packet.
 */
package eu.ess.cevns.daq.readout;
