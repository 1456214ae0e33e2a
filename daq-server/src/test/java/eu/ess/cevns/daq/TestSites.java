package eu.ess.cevns.daq;

import eu.ess.cevns.config.ConfigLoader;
import eu.ess.cevns.config.SiteConfig;
import eu.ess.cevns.daq.epics.PvaEndpoints;

import java.nio.file.Path;

/** Site configurations for tests: loopback, free ports everywhere, nothing shared with a running demo. */
public final class TestSites {
    private TestSites() {
    }

    /**
     * The demo detector on loopback with free ports; EPICS searches go to a loopback port of the
     * test's own, so no other pvAccess server on this machine is ever found.
     */
    public static SiteConfig site(Path data) {
        SiteConfig d = ConfigLoader.defaultSite(data, "csi-cryogenic");
        String nowhere = "127.0.0.1:" + PvaEndpoints.udpPort("127.0.0.1", 0);
        return d.withListen("127.0.0.1", 0, 0, 0, 0).withWriteToken("test-token").withStoreRingBytes(16L << 20)
                .withTiming(d.timing().withIocAddress(nowhere));
    }
}
