package eu.ess.cevns.kafka;

import java.util.Locale;
import java.util.Optional;

/**
 * How one host's sources are named on the detector and samples topics, from its source name (the
 * detector's name unless the site file says otherwise), so that the publisher, the generated
 * nexus_structure and the combined analysis agree: the ev44 events under the name itself; beside
 * them, in the same order, the se00 energies ({@code _energy}, keVee), pulse shapes
 * ({@code _shape}, tail fraction) and flags ({@code _flags}, {@link EventFlags}); each pulse's beam
 * decision ({@code _beam_state}, {@code _proton_charge}); the live settings
 * ({@code <source>:Ch3:Threshold}, {@code <source>:OnWindowStart}); raw waveforms one source per
 * channel ({@code <source>.ch07}).
 */
public record SourceNames(String source) {
    public String events() {
        return source;
    }

    public String energy() {
        return source + "_energy";
    }

    public String shape() {
        return source + "_shape";
    }

    public String flags() {
        return source + "_flags";
    }

    public String beamState() {
        return source + "_beam_state";
    }

    public String protonCharge() {
        return source + "_proton_charge";
    }

    /** The f144 source of a live setting ({@code what} as the server records it: {@code Ch3:Threshold}). */
    public String setting(String what) {
        return source + ":" + what;
    }

    /** The setting an f144 source of this host names, if it is one of this host's settings. */
    public Optional<String> settingOf(String f144Source) {
        String prefix = source + ":";
        return f144Source.startsWith(prefix) ? Optional.of(f144Source.substring(prefix.length())) : Optional.empty();
    }

    /** The se00 source of channel {@code channelId}'s raw waveforms. */
    public String samples(int channelId) {
        return String.format(Locale.ROOT, "%s.ch%02d", source, channelId);
    }
}
