package eu.ess.cevns.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The configuration a run records in its run-start record, both ways. {@link #write} is what the
 * server stores when a run starts: the site in force as YAML, its detector as loaded (with its
 * source), the data root as an absolute path, and without the write token. {@link #parse} is what
 * the analysis reads back from a run: the detector (channels, calibration, quenching, processing),
 * the beam windows, the alarm limits the verdict on the excess uses (the defaults for a run that
 * recorded none) and the expectation inputs ({@code null} for a run that recorded none: the reader
 * then chooses, normally {@link ExpectationInputs#DEFAULT}). The analysis takes its configuration
 * from the run itself, so a run replays without the DAQ's files.
 */
public record RunConfigSnapshot(DetectorConfig detector, BeamWindows windows, AlarmLimits alarms, ExpectationInputs expectation) {
    /** The site field left out: the token guards writes and must not travel into run files that analysts copy around. */
    static final String WRITE_TOKEN_FIELD = "writeToken";
    private static final ObjectMapper WRITER = new ObjectMapper(new YAMLFactory());
    // a newer server may record more than this version knows; what it does not know it does not need
    private static final ObjectMapper READER = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The effective configuration of {@code site} as YAML text, for the run-start record. */
    public static String write(SiteConfig site) {
        try {
            ObjectNode tree = WRITER.valueToTree(site);
            tree.remove(WRITE_TOKEN_FIELD);
            tree.put("dataRoot", site.dataRoot().toString());
            return WRITER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise configuration", e);
        }
    }

    /** What the analysis needs of a run's recorded configuration; fails if it has no detector or windows. */
    public static RunConfigSnapshot parse(String yaml) {
        try {
            JsonNode root = READER.readTree(yaml);
            DetectorConfig d = READER.treeToValue(root.get("detector"), DetectorConfig.class);
            BeamWindows w = READER.treeToValue(root.get("windows"), BeamWindows.class);
            if (d == null || w == null) {
                throw new IllegalArgumentException("the run's configuration has no detector or windows");
            }
            JsonNode a = root.get("alarms");
            AlarmLimits limits = a == null || a.isNull() ? AlarmLimits.DEFAULT : READER.treeToValue(a, AlarmLimits.class);
            JsonNode e = root.get("expectation");
            ExpectationInputs inputs = e == null || e.isNull() ? null : READER.treeToValue(e, ExpectationInputs.class);
            return new RunConfigSnapshot(d, w, limits, inputs);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot read the run's configuration: " + e.getOriginalMessage(), e);
        }
    }
}
