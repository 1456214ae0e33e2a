package eu.ess.cevns.daq.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code GET /api/events}: server-sent events for the dashboard. Each named source (status every
 * second, analysis every two) is encoded once per tick and written to every open connection; a
 * connection that has gone is dropped at the next write. A new connection gets every source at
 * once, so a page shows live numbers as soon as it opens.
 */
public final class EventStream implements AutoCloseable {
    public static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Source(String event, Supplier<JsonNode> data, int everySeconds) {
    }

    private final List<Source> sources = new CopyOnWriteArrayList<>();
    private final Set<Channel> clients = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sse");
        t.setDaemon(true);
        return t;
    });
    private long tick;

    public EventStream start() {
        timer.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    /** Sends {@code event} with {@code data()} as its JSON every {@code everySeconds}. */
    public EventStream add(String event, Supplier<JsonNode> data, int everySeconds) {
        sources.add(new Source(event, data, everySeconds));
        return this;
    }

    /** Handler for the route: the connection joins the stream. */
    public ApiResponse handle(ApiRequest request) {
        return ApiResponse.stream(this);
    }

    /** Called by the HTTP server once the response head is written. */
    void join(Channel channel) {
        clients.add(channel);
        channel.closeFuture().addListener(f -> clients.remove(channel));
        timer.execute(() -> {
            StringBuilder all = new StringBuilder("retry: 2000\n\n");
            for (Source s : sources) {
                all.append(encode(s));
            }
            write(channel, all.toString());
        });
    }

    public int clients() {
        return clients.size();
    }

    private void tick() {
        tick++;
        if (clients.isEmpty()) {
            return;
        }
        for (Source s : sources) {
            if (tick % s.everySeconds() == 0) {
                String frame = encode(s);
                for (Channel c : clients) {
                    write(c, frame);
                }
            }
        }
    }

    private static String encode(Source s) {
        try {
            return "event: " + s.event() + "\ndata: " + JSON.writeValueAsString(s.data().get()) + "\n\n";
        } catch (Exception e) {
            LOG.warn("event {} could not be built: {}", s.event(), e.toString());
            return "";
        }
    }

    private void write(Channel c, String frame) {
        if (frame.isEmpty()) {
            return;
        }
        if (!c.isActive()) {
            clients.remove(c);
            return;
        }
        // a client that does not read must not make the server buffer without end
        if (!c.isWritable()) {
            return;
        }
        c.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(frame.getBytes(StandardCharsets.UTF_8))));
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (Channel c : clients) {
            c.close();
        }
    }
}
