package eu.ess.cevns.analysis.monitor;

import eu.ess.cevns.config.AlarmLimits;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.ess.cevns.config.BeamWindows;
import eu.ess.cevns.config.DetectorConfig;

/**
 * The configuration a run recorded in its run-start record (the YAML the server wrote), read back:
 * the detector (channels, calibration, quenching, processing), the beam windows, and the alarm
 * limits the verdict on the excess uses (the defaults for a run that recorded none). The analysis
 * takes its configuration from the run itself, so a run replays without the DAQ's files.
 */
public record RunConfigSnapshot(DetectorConfig detector, BeamWindows windows, AlarmLimits alarms) {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public static RunConfigSnapshot parse(String yaml) {
        try {
            JsonNode root = YAML.readTree(yaml);
            DetectorConfig d = YAML.treeToValue(root.get("detector"), DetectorConfig.class);
            BeamWindows w = YAML.treeToValue(root.get("windows"), BeamWindows.class);
            if (d == null || w == null) {
                throw new IllegalArgumentException("the run's configuration has no detector or windows");
            }
            JsonNode a = root.get("alarms");
            AlarmLimits limits = a == null || a.isNull() ? AlarmLimits.DEFAULT : YAML.treeToValue(a, AlarmLimits.class);
            return new RunConfigSnapshot(d, w, limits);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read the run's configuration: " + e.getOriginalMessage(), e);
        }
    }
}
