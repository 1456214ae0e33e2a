package eu.ess.cevns.daq.epics;

import org.epics.pvaccess.ClientFactory;
import org.epics.pvaccess.client.Channel;
import org.epics.pvaccess.client.ChannelProvider;
import org.epics.pvaccess.client.ChannelProviderRegistryFactory;
import org.epics.pvaccess.client.ChannelRequester;
import org.epics.pvdata.pv.MessageType;
import org.epics.pvdata.pv.Status;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The older, independent EPICS Java implementation (org.epics:epics-pvaccess) as a test's client,
 * searching a server's UDP port on loopback: a second implementation reads what core-pva serves,
 * and can name any user when it connects, as any client can.
 */
final class IndependentClient implements AutoCloseable {
    private final ChannelProvider provider;

    IndependentClient(int searchPort) {
        System.setProperty("EPICS_PVA_ADDR_LIST", "127.0.0.1");
        System.setProperty("EPICS_PVA_AUTO_ADDR_LIST", "false");
        System.setProperty("EPICS_PVA_BROADCAST_PORT", Integer.toString(searchPort));
        ClientFactory.start();
        provider = ChannelProviderRegistryFactory.getChannelProviderRegistry().getProvider("pva");
    }

    /** The channel {@code name}, connected (fails the test if it does not connect within 10 s); destroy it after use. */
    Channel connect(String name) throws InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        Channel ch = provider.createChannel(name, new ChannelRequester() {
            @Override
            public void channelCreated(Status status, Channel channel) {
            }

            @Override
            public void channelStateChange(Channel c, Channel.ConnectionState state) {
                if (state == Channel.ConnectionState.CONNECTED) {
                    connected.countDown();
                }
            }

            @Override
            public String getRequesterName() {
                return "IndependentClient";
            }

            @Override
            public void message(String message, MessageType type) {
            }
        }, ChannelProvider.PRIORITY_DEFAULT);
        assertTrue(connected.await(10, TimeUnit.SECONDS), name + " connected");
        return ch;
    }

    @Override
    public void close() {
        ClientFactory.stop();
    }
}
