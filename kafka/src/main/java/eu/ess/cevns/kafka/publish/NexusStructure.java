package eu.ess.cevns.kafka.publish;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.ess.cevns.config.BeamPvs;
import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.DetectorConfig;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.config.KafkaSettings;
import eu.ess.cevns.config.Setting;
import eu.ess.cevns.kafka.SourceNames;

import java.util.List;

/**
 * The {@code nexus_structure} of a run's file-writer job (kafka-to-nexus' JSON: groups with an
 * NX_class attribute, writer modules with topic and source, static datasets), generated from the
 * run's detector and the site's Kafka settings: the file gets this host's events (NXevent_data from
 * ev44), their energies, shapes and flags (se00), each pulse's beam decision and the live settings
 * (f144), the raw waveforms if they are published, the facility beam (f144, ep01, from the
 * designated host) and the DAQ's status PVs and alarms. Only streams this host publishes, plus the
 * beam topic, are named.
 */
final class NexusStructure {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private NexusStructure() {
    }

    /**
     * @param pvaPrefix the DAQ's status PV prefix (its f144 counters' sources)
     * @param serviceId the source of this host's al00 alarms
     * @param logs      the status PVs logged on the daq topic
     */
    static ObjectNode of(DetectorConfig detector, KafkaSettings k, SourceNames names, BeamPvs beam, String pvaPrefix, String serviceId,
                         List<DaqStatusLogs.Log> logs, int run) {
        ObjectNode root = F.objectNode();
        ObjectNode entry = group(root.putArray("children"), "entry", "NXentry");
        ArrayNode e = entry.putArray("children");
        dataset(e, "title", detector.name() + " run " + run);
        dataset(e, "experiment_identifier", Integer.toString(run));
        ObjectNode mdat = e.addObject().put("module", "mdat");
        mdat.putObject("config").putArray("items").add("start_time").add("end_time");
        ObjectNode instrument = group(e, "instrument", "NXinstrument");
        ArrayNode i = instrument.putArray("children");
        ObjectNode det = group(i, names.source(), "NXdetector");
        ArrayNode d = det.putArray("children");
        dataset(d, "description", detector.description() == null ? detector.name() : detector.description());
        dataset(d, "target_mass_kg", detector.massKg());
        dataset(d, "distance_m", detector.distanceM());
        if (k.publishes(KafkaSettings.Stream.DETECTOR)) {
            String t = k.detectorTopic();
            stream(group(d, "events", "NXevent_data"), "ev44", t, names.events(), null);
            stream(group(d, "energy_keVee", "NXlog"), "se00", t, names.energy(), null);
            stream(group(d, "pulse_shape", "NXlog"), "se00", t, names.shape(), null);
            stream(group(d, "event_flags", "NXlog"), "se00", t, names.flags(), null);
            stream(group(d, "beam_state", "NXlog"), "f144", t, names.beamState(), "int8");
            stream(group(d, "proton_charge_uC", "NXlog"), "f144", t, names.protonCharge(), "double");
            ObjectNode settings = group(d, "settings", "NXcollection");
            ArrayNode s = settings.putArray("children");
            for (Setting setting : Setting.all(detector)) {
                stream(group(s, setting.pvName().replace(':', '_'), "NXlog"), "f144", t, names.setting(setting.pvName()), "double");
            }
        }
        if (k.publishes(KafkaSettings.Stream.SAMPLES)) {
            ObjectNode w = group(d, "waveforms", "NXcollection");
            ArrayNode ws = w.putArray("children");
            for (DigitizerConfig g : detector.digitizers()) {
                for (ChannelConfig c : g.channels()) {
                    if (k.samples().channels().isEmpty() || k.samples().channels().contains(c.id())) {
                        stream(group(ws, String.format("ch%02d", c.id()), "NXlog"), "se00", k.samplesTopic(), names.samples(c.id()), null);
                    }
                }
            }
        }
        ObjectNode beamGroup = group(e, "beam", "NXcollection");
        ArrayNode b = beamGroup.putArray("children");
        stream(group(b, "proton_charge_uC", "NXlog"), "f144", k.beamTopic(), beam.protonCharge(), "double");
        stream(group(b, "timing_connection", "NXcollection"), "ep01", k.beamTopic(), beam.protonCharge(), null);
        if (k.publishes(KafkaSettings.Stream.DAQ)) {
            ObjectNode daq = group(e, "daq", "NXcollection");
            ArrayNode q = daq.putArray("children");
            stream(group(q, "alarms", "NXlog"), "al00", k.daqTopic(), serviceId, null);
            for (DaqStatusLogs.Log l : logs) {
                stream(group(q, l.pv().name(), "NXlog"), "f144", k.daqTopic(), pvaPrefix + l.pv().name(), l.dtype());
            }
        }
        return root;
    }

    private static ObjectNode group(ArrayNode parent, String name, String nxClass) {
        ObjectNode g = parent.addObject();
        g.put("type", "group");
        g.put("name", name);
        g.putArray("attributes").addObject().put("name", "NX_class").put("dtype", "string").put("values", nxClass);
        return g;
    }

    private static void stream(ObjectNode group, String module, String topic, String source, String dtype) {
        ObjectNode m = group.putArray("children").addObject();
        m.put("module", module);
        ObjectNode c = m.putObject("config");
        c.put("topic", topic);
        c.put("source", source);
        if (dtype != null) {
            c.put("dtype", dtype);
        }
    }

    private static void dataset(ArrayNode parent, String name, String value) {
        ObjectNode c = parent.addObject().put("module", "dataset").putObject("config");
        c.put("name", name);
        c.put("values", value);
        c.put("dtype", "string");
    }

    private static void dataset(ArrayNode parent, String name, double value) {
        ObjectNode c = parent.addObject().put("module", "dataset").putObject("config");
        c.put("name", name);
        c.put("values", value);
        c.put("dtype", "double");
    }
}
