package eu.ess.cevns.app;

import eu.ess.cevns.config.ChannelConfig;
import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.DigitizerConfig;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVABool;
import org.epics.pva.data.PVAData;
import org.epics.pva.data.PVADouble;
import org.epics.pva.data.PVANumber;
import org.epics.pva.data.PVAString;
import org.epics.pva.data.PVAStringArray;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAAlarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.stream.Collectors;
import javax.xml.parsers.DocumentBuilderFactory;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The control-room Phoebus display, {@code config/phoebus/cevns-daq.bob} as the distribution ships
 * it, against a real {@code serve} process: the file is parsed with the JDK's XML parser and must be
 * a Display Builder display whose widgets are real Phoebus widget types using their real property
 * names; every {@code pv_name} in it, with {@code $(P)} set to this test's prefix, must be served and
 * readable over pvAccess (a core-pva client searching the server's own UDP port on loopback), with the
 * alarm and time stamp the widgets' alarm borders need, and every text entry must accept a write; and
 * the display must show every status PV of the operator contract (DESIGN §7) and the alarm summary,
 * so a PV added to the contract but left off the screen fails here.
 */
class PhoebusDisplayIT {
    static final Path SOURCE = Path.of("src/dist/config/phoebus/cevns-daq.bob");
    static final Path SHIPPED = Cli.DIST.resolve("config/phoebus/cevns-daq.bob");

    /** DESIGN §7's status PV names after the prefix, writable ones included; Ch<n>:Threshold is per channel. */
    static final List<String> CONTRACT = List.of("RunNumber", "RunState", "WaveformRate", "PacketRate", "LostPackets",
            "RejectedPackets", "StoreBytes", "BeamState", "TimingConnected", "PulsesOn", "PulsesOff", "PulsesUnknown", "POT",
            "Excess", "ExcessError", "Significance", "Expected", "OnWindowStart", "OnWindowEnd", "OffWindowStart", "OffWindowEnd");
    /** Served beyond §7 for the shift crew (the alarm summary, disk and analysis health): on the screen too. */
    static final List<String> SUMMARY = List.of("DiskFree", "AnalysisLag", "AlarmCount", "AlarmSeverity", "AlarmMessage");
    static final List<String> WINDOW_EDGES = List.of("OnWindowStart", "OnWindowEnd", "OffWindowStart", "OffWindowEnd");

    /** The widget type ids Phoebus's display model registers (the WidgetDescriptor of each widget class). */
    static final Set<String> PHOEBUS_WIDGET_TYPES = Set.of("3dviewer", "action_button", "arc", "array", "bool_button",
            "byte_monitor", "checkbox", "choice", "clock", "combo", "databrowser", "digital_clock", "ellipse", "embedded",
            "fileselector", "group", "image", "label", "led", "meter", "multi_state_led", "navtabs", "picture", "polygon",
            "polyline", "progressbar", "radio", "rectangle", "scaledslider", "scrollbar", "slide_button", "spinner",
            "stripchart", "symbol", "table", "tabs", "tank", "template", "text-symbol", "textentry", "textupdate",
            "thermometer", "webbrowser", "xyplot");

    /** What every widget has (Widget, VisibleWidget): a misspelt property is silently ignored by Phoebus, so it fails here. */
    static final Set<String> COMMON_PROPERTIES = Set.of("name", "class", "x", "y", "width", "height", "actions", "rules",
            "scripts", "visible", "tooltip");
    static final Set<String> PV_PROPERTIES = Set.of("pv_name", "border_alarm_sensitive");
    static final Set<String> BORDER_PROPERTIES = Set.of("border_width", "border_color");
    /** The property names of the widget classes this display uses, as their defineProperties add them. */
    static final Map<String, Set<String>> PROPERTIES = Map.of(
            "label", union(Set.of("text", "font", "foreground_color", "background_color", "transparent", "horizontal_alignment",
                    "vertical_alignment", "rotation_step", "auto_size", "wrap_words")),
            "textupdate", union(PV_PROPERTIES, BORDER_PROPERTIES, Set.of("font", "foreground_color", "background_color",
                    "transparent", "format", "precision", "show_units", "horizontal_alignment", "vertical_alignment",
                    "wrap_words", "rotation_step", "interactive")),
            "textentry", union(PV_PROPERTIES, BORDER_PROPERTIES, Set.of("font", "foreground_color", "background_color", "format",
                    "precision", "show_units", "enabled", "wrap_words", "multi_line")),
            "led", union(PV_PROPERTIES, Set.of("bit", "off_label", "off_color", "on_label", "on_color", "font",
                    "foreground_color", "line_color", "square", "labels_from_pv")),
            "multi_state_led", union(PV_PROPERTIES, Set.of("states", "fallback_label", "fallback_color", "font",
                    "foreground_color", "line_color", "square")),
            "group", union(Set.of("macros", "style", "font", "foreground_color", "background_color", "transparent", "widget")),
            "rectangle", union(Set.of("line_width", "line_color", "line_style", "background_color", "transparent",
                    "corner_width", "corner_height")));

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>(COMMON_PROPERTIES);
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return all;
    }

    record PvRef(String widgetType, String widgetName, String pv) {
    }

    @Test
    void everyPvOnTheDisplayIsServedAndReadableAndTheDisplayShowsTheWholeContract(@TempDir Path data) throws Exception {
        assertTrue(Files.isRegularFile(SHIPPED), "the distribution ships the display at " + SHIPPED);
        assertEquals(Files.readString(SOURCE), Files.readString(SHIPPED), "packaged as written, not filtered");

        Document doc = parse(SHIPPED);
        Element display = doc.getDocumentElement();
        assertEquals("display", display.getTagName());
        assertEquals("2.0.0", display.getAttribute("version"));
        Element macros = child(display, "macros");
        assertNotNull(macros, "the display defines its macros");
        assertEquals("CEvNS:DAQ:", text(child(macros, "P")), "P defaults to the site file's pvaPrefix");

        List<PvRef> refs = widgetsAndPvs(display);
        String prefix = "PHOEBUSIT" + ProcessHandle.current().pid() + ":";
        Map<String, PvRef> byPv = new LinkedHashMap<>();
        for (PvRef r : refs) {
            // Phoebus's default data source is Channel Access: without the scheme it would look in the wrong protocol
            assertTrue(r.pv().startsWith("pva://$(P)"), r.widgetName() + ": " + r.pv() + " is not pva://$(P)...");
            String name = r.pv().substring("pva://$(P)".length());
            assertFalse(name.contains("$("), r.widgetName() + ": macro left in " + r.pv());
            assertNull(byPv.put(name, r), name + " is on the display twice");
        }

        Set<String> writable = new TreeSet<>(WINDOW_EDGES);
        for (DigitizerConfig d : ConfigLoader.shippedDetector("csi-cryogenic").digitizers()) {
            for (ChannelConfig c : d.channels()) {
                writable.add("Ch" + c.id() + ":Threshold");
            }
        }
        Set<String> required = new TreeSet<>(CONTRACT);
        required.addAll(SUMMARY);
        required.addAll(writable);
        Set<String> notShown = new TreeSet<>(required);
        notShown.removeAll(byPv.keySet());
        assertEquals(Set.of(), notShown, "status PVs of the contract missing from the display");
        Set<String> entries = byPv.entrySet().stream().filter(e -> e.getValue().widgetType().equals("textentry"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(writable, entries, "text entries exactly for the writable PVs, read-only widgets for the rest");

        // the display's text entries write: this test's client (its user on this machine) must be a client the site allows
        Path site = data.resolve("site.yaml");
        Files.writeString(site, "detector: csi-cryogenic\ndataRoot: .\npvaWrites:\n  enabled: true\n  allow:\n"
                + "    - {user: \"" + System.getProperty("user.name") + "\", host: \"" + java.net.InetAddress.getLocalHost().getHostName() + "\"}\n");
        try (Cli.Background serve = new Cli.Background("serve", "--site", site.toString(), "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0", "--pva-prefix", prefix, "--timing-ioc", Cli.nowhere())) {
            Matcher m = serve.await(ServeIT.SERVING, 60);
            try (PVAClient client = PvaEndpoints.client("127.0.0.1:" + m.group(5))) {
                Map<String, PVAStructure> values = readAll(client, prefix, byPv.keySet());
                for (Map.Entry<String, PVAStructure> e : values.entrySet()) {
                    checkFitsItsWidget(byPv.get(e.getKey()), e.getValue());
                }
                assertEquals("IDLE", eu.ess.cevns.daq.epics.PvValues.text(values.get("RunState")), "the display reads this server");
                checkLedStatesAreTheChoices(display, values);
                for (String pv : entries) {
                    double now = ((PVADouble) values.get(pv).get("value")).get();
                    write(client, prefix + pv, now);
                }
            }
        }
    }

    /**
     * A multi-state LED colours by index: its states must be the PV's choices in the server's order,
     * each labelled with its choice, or "BEAM ON" would light for another state.
     */
    static void checkLedStatesAreTheChoices(Element display, Map<String, PVAStructure> values) {
        NodeList leds = display.getElementsByTagName("widget");
        int checked = 0;
        for (int i = 0; i < leds.getLength(); i++) {
            Element w = (Element) leds.item(i);
            if (!w.getAttribute("type").equals("multi_state_led")) {
                continue;
            }
            String pv = text(child(w, "pv_name")).substring("pva://$(P)".length());
            String[] choices = ((PVAStringArray) ((PVAStructure) values.get(pv).get("value")).get("choices")).get();
            NodeList states = child(w, "states").getElementsByTagName("state");
            assertEquals(choices.length, states.getLength(), pv + ": one LED state per choice " + List.of(choices));
            for (int k = 0; k < states.getLength(); k++) {
                Element st = (Element) states.item(k);
                assertEquals(k, Integer.parseInt(text(child(st, "value"))), pv + " state " + k);
                String label = text(child(st, "label"));
                assertTrue(label.replace(' ', '_').contains(choices[k]), pv + " state " + k + " is " + choices[k] + ", labelled " + label);
            }
            checked++;
        }
        assertEquals(3, checked, "RunState, BeamState and AlarmSeverity are LEDs");
    }

    static Document parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setExpandEntityReferences(false);
        return f.newDocumentBuilder().parse(file.toFile());
    }

    /** Walks the widget tree (groups nest widgets), checking each widget's type and property names. */
    static List<PvRef> widgetsAndPvs(Element parent) {
        List<PvRef> refs = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element w) || !w.getTagName().equals("widget")) {
                continue;
            }
            String type = w.getAttribute("type");
            String name = text(child(w, "name"));
            assertTrue(PHOEBUS_WIDGET_TYPES.contains(type), "widget '" + name + "' has type '" + type + "', not a Phoebus widget type");
            assertFalse(w.getAttribute("version").isEmpty(), "widget '" + name + "' has no version");
            Set<String> known = PROPERTIES.get(type);
            assertNotNull(known, "widget '" + name + "': list the property names of '" + type + "' in this test first");
            for (Node p = w.getFirstChild(); p != null; p = p.getNextSibling()) {
                if (p instanceof Element prop) {
                    assertTrue(known.contains(prop.getTagName()),
                            "widget '" + name + "' (" + type + ") has property <" + prop.getTagName() + ">, which " + type + " does not have");
                }
            }
            Element pv = child(w, "pv_name");
            if (pv != null) {
                assertNotEquals("false", text(child(w, "border_alarm_sensitive")), name + " must show the PV's alarm");
                refs.add(new PvRef(type, name, text(pv)));
            } else {
                assertFalse(known.contains("pv_name"), "widget '" + name + "' (" + type + ") has no pv_name");
            }
            if (type.equals("group")) {
                refs.addAll(widgetsAndPvs(w));
            }
        }
        return refs;
    }

    /** Connects to all at once, then reads each; names every PV that does not answer, not just the first. */
    static Map<String, PVAStructure> readAll(PVAClient client, String prefix, Set<String> names) throws Exception {
        Map<String, PVAChannel> channels = new LinkedHashMap<>();
        Map<String, CompletableFuture<Boolean>> connecting = new LinkedHashMap<>();
        for (String name : names) {
            PVAChannel ch = client.getChannel(prefix + name);
            channels.put(name, ch);
            connecting.put(name, ch.connect());
        }
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            Set<String> silent = new LinkedHashSet<>();
            Map<String, PVAStructure> values = new LinkedHashMap<>();
            for (Map.Entry<String, CompletableFuture<Boolean>> c : connecting.entrySet()) {
                try {
                    c.getValue().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    values.put(c.getKey(), channels.get(c.getKey()).read("").get(10, TimeUnit.SECONDS));
                } catch (TimeoutException | ExecutionException e) {
                    silent.add(prefix + c.getKey());
                }
            }
            assertEquals(Set.of(), silent, "PVs named on the display that the server does not serve");
            return values;
        } finally {
            channels.values().forEach(PVAChannel::close);
        }
    }

    /** The value must be one the widget can show, with the alarm its border follows and a time stamp. */
    static void checkFitsItsWidget(PvRef ref, PVAStructure v) {
        PVAData value = v.get("value");
        assertNotNull(value, ref.pv() + " has a value");
        switch (ref.widgetType()) {
            case "led" -> assertTrue(value instanceof PVABool || value instanceof PVANumber, ref.pv() + " is on/off: " + value);
            case "textentry" -> assertInstanceOf(PVADouble.class, value, ref.pv() + " takes a number");
            // a state is an NTEnum (index and choices), which text widgets show as its choice
            default -> assertTrue(value instanceof PVANumber || value instanceof PVAString
                    || (value instanceof PVAStructure e && e.get("index") instanceof PVANumber && e.get("choices") != null),
                    ref.pv() + " is a scalar or an enum: " + value);
        }
        assertNotNull(PVAAlarm.getAlarm(v), ref.pv() + " carries an alarm (the widget's alarm border)");
        assertNotNull(v.get("timeStamp"), ref.pv() + " carries a time stamp");
    }

    static void write(PVAClient client, String pv, double value) throws Exception {
        PVAChannel ch = client.getChannel(pv);
        try {
            ch.connect().get(10, TimeUnit.SECONDS);
            ch.write("value", value).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            fail("the display's text entry cannot write " + pv + " (its own value " + value + "): " + e.getCause(), e);
        } finally {
            ch.close();
        }
    }

    static Element child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e;
            }
        }
        return null;
    }

    static String text(Element e) {
        return e == null ? "" : e.getTextContent().strip();
    }
}
