package eu.ess.cevns.config;

import java.util.List;

/**
 * One digitizer front-end, addressed in the ESS readout by (fiber, FEN). Record length and
 * pre-trigger are in samples.
 */
public record DigitizerConfig(String name, int fiber, int fen, double samplingRateMHz, int adcBits,
                              int recordLength, int preTrigger, List<ChannelConfig> channels) {
}
