package eu.ess.cevns.config;

import java.util.List;

/**
 * How a nuclear recoil's energy (keVnr) shows up as electron-equivalent energy (keVee).
 * {@code LINDHARD} uses {@code k}; {@code CONSTANT} a fixed {@code factor}; {@code TABLE} linear
 * interpolation in {@code table} of [keVnr, quenching factor] pairs.
 */
public record Quenching(Model model, double k, double factor, List<double[]> table) {
    /** The quenching models a detector file may name. */
    public enum Model { LINDHARD, CONSTANT, TABLE }
}
