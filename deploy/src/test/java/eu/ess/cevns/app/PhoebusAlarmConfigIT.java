package eu.ess.cevns.app;

import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.daq.Await;
import eu.ess.cevns.daq.epics.PvaEndpoints;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pva.data.PVAInt;
import org.epics.pva.data.PVAStructure;
import org.epics.pva.data.nt.PVAAlarm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Phoebus alarm server configuration, {@code config/phoebus/cevns-daq-alarms.xml} as the
 * distribution ships it, against a real {@code serve} process. The file is read as Phoebus's
 * {@code XmlModelReader} reads one (a {@code config} root with a name, named {@code component}s,
 * named {@code pv}s with {@code description}, {@code enabled}, {@code latching},
 * {@code annunciating} as true/false and a {@code guidance} of {@code title} and {@code details});
 * every PV in it, its prefix set to this test's, must be served over pvAccess with an EPICS alarm;
 * no PV twice; and when the server has alarms (its timing IOC is nowhere, so beam timing is lost),
 * every status PV those alarms colour must be in the file and carry their severity.
 */
class PhoebusAlarmConfigIT {
    static final Path SOURCE = Path.of("src/dist/config/phoebus/cevns-daq-alarms.xml");
    static final Path SHIPPED = Cli.DIST.resolve("config/phoebus/cevns-daq-alarms.xml");
    static final String DEFAULT_PREFIX = "pva://CEvNS:DAQ:";

    @Test
    void everyPvOfTheAlarmConfigurationIsServedAndTheAlarmsOfARealServerAreInIt(@TempDir Path data) throws Exception {
        assertTrue(Files.isRegularFile(SHIPPED), "the distribution ships the alarm configuration at " + SHIPPED);
        assertEquals(Files.readString(SOURCE), Files.readString(SHIPPED), "packaged as written, not filtered");
        Document doc = PhoebusDisplayIT.parse(SHIPPED);
        Element config = doc.getDocumentElement();
        assertEquals("config", config.getTagName(), "Phoebus expects <config> at the root");
        assertFalse(config.getAttribute("name").isBlank(), "the configuration has a name");
        Map<String, Element> pvs = new LinkedHashMap<>();
        walk(config, "", pvs);
        assertFalse(pvs.isEmpty());

        String prefix = "PHOEBUSALARMIT" + ProcessHandle.current().pid() + ":";
        try (Cli.Background serve = new Cli.Background("serve", "--data", data.toString(), "--udp-port", "0", "--tcp-port", "0",
                "--http-port", "0", "--pva-port", "0", "--pva-prefix", prefix, "--timing-ioc", Cli.nowhere())) {
            Matcher m = serve.await(ServeIT.SERVING, 60);
            String http = m.group(1);
            try (PVAClient client = PvaEndpoints.client("127.0.0.1:" + m.group(5))) {
                Map<String, PVAStructure> values = PhoebusDisplayIT.readAll(client, prefix, pvs.keySet());
                for (Map.Entry<String, PVAStructure> e : values.entrySet()) {
                    assertNotNull(PVAAlarm.getAlarm(e.getValue()), e.getKey() + " carries the EPICS alarm the alarm server watches");
                }
                // beam timing lost (the IOC is nowhere): the DAQ's alarm colours status PVs, which the file must list
                JsonNode alarm = awaitAlarm(http, "timingDisconnected");
                Set<String> colours = new TreeSet<>();
                alarm.path("pvs").forEach(p -> colours.add(p.asText()));
                assertFalse(colours.isEmpty(), alarm.toString());
                Set<String> missing = new TreeSet<>(colours);
                missing.removeAll(pvs.keySet());
                assertEquals(Set.of(), missing, "status PVs the DAQ's alarms colour but the alarm configuration does not list");
                for (String pv : colours) {
                    assertEquals(PVAAlarm.AlarmSeverity.MAJOR, awaitSeverity(client, prefix + pv, PVAAlarm.AlarmSeverity.MAJOR),
                            pv + ": the severity the Phoebus alarm server would see");
                }
            }
        }
    }

    /** Walks components and PVs as XmlModelReader does, checking each PV's elements; PV names after the default prefix. */
    static void walk(Element parent, String path, Map<String, Element> pvs) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element e)) {
                continue;
            }
            String name = e.getAttribute("name");
            switch (e.getTagName()) {
                case "component" -> {
                    assertFalse(name.isBlank(), "a component without name under " + path);
                    walk(e, path + "/" + name, pvs);
                }
                case "pv" -> {
                    assertTrue(name.startsWith(DEFAULT_PREFIX), path + ": " + name + " is not " + DEFAULT_PREFIX + "...: Phoebus's default "
                            + "protocol is Channel Access, and the file is written for the default pvaPrefix");
                    String pv = name.substring(DEFAULT_PREFIX.length());
                    assertNull(pvs.put(pv, e), pv + " is in the alarm configuration twice (Phoebus ignores the second)");
                    assertFalse(PhoebusDisplayIT.text(PhoebusDisplayIT.child(e, "description")).isBlank(), pv + " has a description");
                    for (String flag : List.of("enabled", "latching", "annunciating")) {
                        assertTrue(List.of("true", "false").contains(PhoebusDisplayIT.text(PhoebusDisplayIT.child(e, flag))),
                                pv + ": <" + flag + "> true or false");
                    }
                    assertEquals("true", PhoebusDisplayIT.text(PhoebusDisplayIT.child(e, "enabled")), pv + " is enabled");
                    Element guidance = PhoebusDisplayIT.child(e, "guidance");
                    assertNotNull(guidance, pv + " tells the operator what to do");
                    assertFalse(PhoebusDisplayIT.text(PhoebusDisplayIT.child(guidance, "title")).isBlank(), pv + " guidance title");
                    assertFalse(PhoebusDisplayIT.text(PhoebusDisplayIT.child(guidance, "details")).isBlank(),
                            pv + " guidance <details> (Phoebus's reader takes 'details')");
                    List<String> tags = new ArrayList<>();
                    for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if (c instanceof Element t) {
                            tags.add(t.getTagName());
                        }
                    }
                    assertTrue(Set.of("description", "enabled", "latching", "annunciating", "delay", "count", "filter", "guidance",
                            "display", "command", "automated_action").containsAll(tags), pv + ": elements Phoebus does not read: " + tags);
                }
                case "guidance", "display", "command", "automated_action" -> {
                    assertFalse(PhoebusDisplayIT.text(PhoebusDisplayIT.child(e, "title")).isBlank(), path + " " + e.getTagName());
                }
                default -> fail(path + ": <" + e.getTagName() + "> is not an element of a Phoebus alarm configuration");
            }
        }
    }

    static JsonNode awaitAlarm(String http, String name) throws InterruptedException {
        return Await.until("the " + name + " alarm in /api/alarms", Duration.ofSeconds(30),
                () -> DashboardIT.alarm(DashboardIT.get(http + "/api/alarms"), name), a -> !a.isMissingNode());
    }

    static PVAAlarm.AlarmSeverity awaitSeverity(PVAClient client, String pv, PVAAlarm.AlarmSeverity wanted) throws Exception {
        PVAChannel ch = client.getChannel(pv);
        try {
            ch.connect().get(10, TimeUnit.SECONDS);
            return Await.until(pv + " at " + wanted, Duration.ofSeconds(15), () -> {
                try {
                    PVAStructure v = ch.read("").get(10, TimeUnit.SECONDS);
                    return PVAAlarm.AlarmSeverity.values()[((PVAInt) PVAAlarm.getAlarm(v).get("severity")).get()];
                } catch (Exception e) {
                    throw new IllegalStateException("cannot read " + pv + ": " + e, e);
                }
            }, wanted::equals);
        } finally {
            ch.close();
        }
    }
}
