package eu.ess.cevns.daq.epics;

import com.fasterxml.jackson.databind.JsonNode;
import eu.ess.cevns.config.PvaWrites;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.DaqServer;
import eu.ess.cevns.daq.TestSites;
import eu.ess.cevns.daq.store.RecordVisitor;
import eu.ess.cevns.daq.store.RunReader;
import eu.ess.cevns.daq.store.RunStore;
import org.epics.pva.client.PVAChannel;
import org.epics.pva.client.PVAClient;
import org.epics.pvaccess.client.Channel;
import org.epics.pvaccess.client.ChannelPut;
import org.epics.pvaccess.client.ChannelPutRequester;
import org.epics.pvaccess.plugins.impl.client.CAClientSecurityPlugin;
import org.epics.pvdata.copy.CreateRequest;
import org.epics.pvdata.factory.PVDataFactory;
import org.epics.pvdata.misc.BitSet;
import org.epics.pvdata.pv.MessageType;
import org.epics.pvdata.pv.PVDouble;
import org.epics.pvdata.pv.PVStructure;
import org.epics.pvdata.pv.Status;
import org.epics.pvdata.pv.Structure;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Who may put to the status PVs, over real pvAccess: writes are off unless the site enables them,
 * then taken only from the clients it lists (by the user and host a client names, or by the address
 * its connection comes from); a refused put changes nothing, and is logged with who tried and
 * counted. And the PV server listens on its bind address only. The faults seen: an unauthenticated
 * {@code put REL:Ch3:Threshold 777} and {@code put REL:OnWindowEnd 60000} were applied, and the
 * server listened on every interface with {@code bindAddress: 127.0.0.1}.
 */
class PvaWriteAccessTest {
    /** What the core-pva client in this JVM says it is when it connects (its user and this machine's name). */
    static final String USER = System.getProperty("user.name");
    static final String HOST = hostName();

    @TempDir
    Path data;
    DaqServer server;
    PVAClient client;
    String prefix;

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    void start(PvaWrites writes) throws Exception {
        SiteConfig s = TestSites.site(data).withPvaPrefix("PUT" + ProcessHandle.current().pid() + ":").withPvaWrites(writes);
        server = DaqServer.start(s, "test");
        prefix = s.pvaPrefix();
        client = PvaEndpoints.client("127.0.0.1:" + server.statusPvs().udpPort());
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    void put(String name, double value) throws Exception {
        PVAChannel ch = client.getChannel(prefix + name);
        try {
            ch.connect().get(10, TimeUnit.SECONDS);
            ch.write("value", value).get(10, TimeUnit.SECONDS);
        } finally {
            ch.close();
        }
    }

    double read(String name) throws Exception {
        PVAChannel ch = client.getChannel(prefix + name);
        try {
            ch.connect().get(10, TimeUnit.SECONDS);
            return PvValues.number(ch.read("").get(10, TimeUnit.SECONDS));
        } finally {
            ch.close();
        }
    }

    JsonNode pva() {
        return server.statusJson().path("pva");
    }

    static PvaWrites allow(PvaWrites.Client... clients) {
        return new PvaWrites(true, List.of(clients));
    }

    @Test
    void putsAreRefusedUnlessTheSiteEnablesThemAndARefusalChangesNothingIsLoggedAndCounted() throws Exception {
        start(PvaWrites.OFF);
        assertEquals("OFF", pva().path("writes").asText());
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        PrintStream err = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            assertThrows(ExecutionException.class, () -> put("Ch3:Threshold", 777), "the put fails at the client");
            assertThrows(ExecutionException.class, () -> put("OnWindowEnd", 60000));
        } finally {
            System.setErr(err);
        }
        assertEquals(1.0, server.settings().threshold(3), "unchanged (csi-cryogenic's channel 3 threshold)");
        assertEquals(2871, server.settings().windows().onEndUs(), "unchanged (the default on window)");
        assertEquals(1.0, read("Ch3:Threshold"), "the PV still shows the value in force");
        JsonNode pva = pva();
        assertEquals(2, pva.at("/puts/refused/access").asInt(), pva.toString());
        assertEquals(2, pva.at("/puts/refused/total").asInt());
        assertEquals(0, pva.at("/puts/accepted").asInt());
        assertEquals("pva:" + USER + "@" + HOST, pva.at("/lastRefused/who").asText());
        assertEquals(prefix + "OnWindowEnd", pva.at("/lastRefused/pv").asText());
        assertEquals("60000.0", pva.at("/lastRefused/value").asText());
        String lines = log.toString(StandardCharsets.UTF_8);
        assertTrue(lines.contains("refused put " + prefix + "Ch3:Threshold = 777.0 by " + USER + "@" + HOST
                + " from 127.0.0.1: pvAccess writes are off on this server (site file pvaWrites.enabled)"), lines);
        assertEquals(2.0, scrape("cevns_pva_puts_refused_total{reason=\"access\"}"));
        assertEquals(0.0, scrape("cevns_pva_puts_accepted_total"));
    }

    String get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.httpUrl() + path))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    double scrape(String series) throws Exception {
        return get("/metrics").lines().filter(l -> l.startsWith(series + " ")).mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
    }

    @Test
    void aListedUserAndHostWritesAndTheChangeIsRecordedUnderThem() throws Exception {
        start(allow(new PvaWrites.Client(HOST, USER)));
        assertEquals("ON", pva().path("writes").asText());
        put("Ch3:Threshold", 1.75);
        assertEquals(1.75, server.settings().threshold(3));
        assertEquals(1.75, read("Ch3:Threshold"));
        assertThrows(ExecutionException.class, () -> put("Ch3:Threshold", 5000), "out of range: refused for its value");
        assertEquals(1.75, server.settings().threshold(3));
        JsonNode pva = pva();
        assertEquals(1, pva.at("/puts/accepted").asInt(), pva.toString());
        assertEquals(0, pva.at("/puts/refused/access").asInt());
        assertEquals(1, pva.at("/puts/refused/value").asInt());
        assertTrue(pva.at("/lastRefused/reason").asText().contains("1000"), pva.toString());
    }

    @Test
    void aClientIsAllowedByTheUserItNamesNotByTheSoftwareItRuns() throws Exception {
        start(allow(new PvaWrites.Client(null, "shift")));
        String config = get("/api/config");
        assertTrue(config.contains("\"pvaWrites\":{\"enabled\":true,\"allowed\":1}"), config);
        assertFalse(config.contains("shift"), "the config served to anyone does not say whom to claim to be");
        assertThrows(ExecutionException.class, () -> put("Ch3:Threshold", 2.0), USER + " is not listed");
        // the independent EPICS Java implementation (epics-pvaccess), naming another user as any client may
        assertEquals("refused", independentPut("intruder", "Ch3:Threshold", 2.5));
        assertEquals("ok", independentPut("shift", "Ch3:Threshold", 2.5));
        assertEquals(2.5, server.settings().threshold(3));
        assertEquals(2, pva().at("/puts/refused/access").asInt());
        server.runs().start("who", "test");
        assertEquals("ok", independentPut("shift", "OnWindowEnd", 3000));
        server.runs().stop("", "test");
        List<String> changes = new ArrayList<>();
        try (RunReader r = new RunStore(data).openReader(1)) {
            r.drain(new RecordVisitor() {
                @Override
                public void onConfigChange(Instant time, String who, String what, String oldValue, String newValue) {
                    changes.add(who + ": " + what + " " + oldValue + " -> " + newValue);
                }
            });
        }
        assertEquals(List.of("pva:shift@" + HOST + ": OnWindowEnd 2871.0 -> 3000.0"), changes);
    }

    @Test
    void aHostGivenAsAnAddressIsTheAddressTheConnectionComesFrom() throws Exception {
        start(allow(new PvaWrites.Client("127.0.0.1", null)));
        put("Ch3:Threshold", 2.0);
        assertEquals(2.0, server.settings().threshold(3));
        stop();
        start(allow(new PvaWrites.Client("192.0.2.99", null), new PvaWrites.Client("other-host", USER)));
        assertThrows(ExecutionException.class, () -> put("Ch3:Threshold", 3.0), "neither entry is this client");
        assertEquals(1.0, server.settings().threshold(3), "a fresh server, unchanged");
        assertEquals(1, pva().at("/puts/refused/access").asInt());
    }

    /** Puts {@code value} to {@code name} with epics-pvaccess, naming {@code user}: "ok", "refused" or why it could not try. */
    String independentPut(String user, String name, double value) throws Exception {
        // the client sends this structure in its connection validation; any client can name any user
        PVStructure identity = (PVStructure) new CAClientSecurityPlugin().initializationData();
        identity.getStringField("user").put(user);
        try (IndependentClient independent = new IndependentClient(server.statusPvs().udpPort())) {
            Channel ch = independent.connect(prefix + name);
            try {
                CompletableFuture<String> done = new CompletableFuture<>();
                ch.createChannelPut(new ChannelPutRequester() {
                    @Override
                    public void channelPutConnect(Status status, ChannelPut put, Structure structure) {
                        if (!status.isSuccess()) {
                            done.complete("no put: " + status.getMessage());
                            return;
                        }
                        PVStructure v = PVDataFactory.getPVDataCreate().createPVStructure(structure);
                        PVDouble field = v.getSubField(PVDouble.class, "value");
                        field.put(value);
                        BitSet changed = new BitSet(v.getNumberFields());
                        changed.set(field.getFieldOffset());
                        put.put(v, changed);
                    }

                    @Override
                    public void putDone(Status status, ChannelPut put) {
                        done.complete(status.isSuccess() ? "ok" : "refused");
                    }

                    @Override
                    public void getDone(Status status, ChannelPut put, PVStructure pv, BitSet changed) {
                    }

                    @Override
                    public String getRequesterName() {
                        return "PvaWriteAccessTest";
                    }

                    @Override
                    public void message(String message, MessageType type) {
                    }
                }, CreateRequest.create().createRequest("field(value)"));
                return done.get(10, TimeUnit.SECONDS);
            } finally {
                ch.destroy();
            }
        }
    }

    @Test
    void theStatusPvServerListensOnItsBindAddressOnly() throws Exception {
        Set<Long> before = wildcardListeners();
        start(PvaWrites.OFF);
        int port = server.statusPvs().tcpPort();
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
        }
        List<InetAddress> others = otherAddresses();
        assertFalse(others.isEmpty(), "at least 127.0.0.2, another address of this machine");
        for (InetAddress a : others) {
            try (Socket s = new Socket()) {
                IOException refused = assertThrows(IOException.class, () -> s.connect(new InetSocketAddress(a, port), 2000),
                        "the status PV server answers on " + a.getHostAddress() + " though bound to 127.0.0.1");
                assertTrue(refused instanceof ConnectException, refused.toString());
            }
        }
        Set<Long> after = wildcardListeners();
        after.removeAll(before);
        assertEquals(Set.of(), after, "TCP sockets of this process listening on every address");
        assertEquals(1.0, read("Ch0:Threshold"), "and serves on its own address");
    }

    @Test
    void aTakenPortIsAnErrorNotAnotherPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            SiteConfig s = TestSites.site(data).withListen("127.0.0.1", 0, 0, 0, taken.getLocalPort());
            IOException e = assertThrows(IOException.class, () -> DaqServer.start(s, "test"));
            assertTrue(e.getMessage().startsWith("cannot listen on 127.0.0.1 pvAccess " + taken.getLocalPort()), e.getMessage());
            assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
        }
    }

    /** Addresses of this machine other than 127.0.0.1: its interfaces' and another loopback address. */
    static List<InetAddress> otherAddresses() throws IOException {
        List<InetAddress> out = new ArrayList<>();
        out.add(InetAddress.getByName("127.0.0.2"));
        for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress a : Collections.list(n.getInetAddresses())) {
                if (n.isUp() && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** Inodes of the TCP sockets this process has listening on a wildcard address (from /proc). */
    static Set<Long> wildcardListeners() throws IOException {
        Set<Long> mine = new HashSet<>();
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        mine.add(Long.parseLong(target.substring(8, target.length() - 1)));
                    }
                } catch (IOException gone) {
                    // closed while listing
                }
            }
        }
        Set<Long> out = new HashSet<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            List<String> lines = Files.readAllLines(Path.of(table));
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String local = f[1].substring(0, f[1].indexOf(':'));
                long inode = Long.parseLong(f[9]);
                if (f[3].equals("0A") && local.chars().allMatch(c -> c == '0') && mine.contains(inode)) {
                    out.add(inode);
                }
            }
        }
        return out;
    }
}
