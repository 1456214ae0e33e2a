package eu.ess.cevns.daq.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP listener of the API: decodes requests, hands them to an {@link ApiRouter} on a small
 * executor of its own (handlers may block briefly, the I/O thread must not), and writes the JSON
 * answer. A handler that throws becomes a 500 with the message, never a dropped connection. A
 * request whose {@code Host} the {@link HostCheck} refuses is 403 before any route sees it, and
 * every answer carries headers that keep the page out of other sites' frames and scripts
 * ({@link #SECURITY_HEADERS}). With a TLS context it speaks HTTPS only.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    /** Largest request body taken; the API's writes are a few hundred bytes. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    /**
     * Sent with every answer. The page may not be framed (clickjacking of its write buttons); files
     * are taken as the type they are served as; the page runs only scripts, styles and connections
     * of this server (its ES modules from /ui/, uPlot from /webjars/, the API and the event stream):
     * no inline script, no other origin. {@code img-src data:} is the page's empty icon.
     */
    public static final Map<String, String> SECURITY_HEADERS = Map.of(
            "X-Frame-Options", "DENY",
            "X-Content-Type-Options", "nosniff",
            "Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'");

    private final ApiRouter router;
    private final HostCheck hosts;
    private final SslContext tls;
    private final ObjectMapper json = new ObjectMapper();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventExecutorGroup handlers = new DefaultEventExecutorGroup(2);
    private Channel channel;

    public HttpApiServer(ApiRouter router, HostCheck hosts) {
        this(router, hosts, null);
    }

    /** A server that speaks HTTPS with {@code tls} (null: plain HTTP). */
    public HttpApiServer(ApiRouter router, HostCheck hosts, SslContext tls) {
        this.router = router;
        this.hosts = hosts;
        this.tls = tls;
    }

    /**
     * The TLS context of a PEM certificate chain and its PEM private key (PKCS#8, unencrypted); an
     * IOException naming the file when either cannot be used.
     */
    public static SslContext tlsContext(Path certificate, Path key) throws IOException {
        try {
            return SslContextBuilder.forServer(certificate.toFile(), key.toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot use the TLS certificate " + certificate + " with the key " + key + " (PEM certificate chain and "
                    + "unencrypted PKCS#8 PEM key, e.g. 'openssl pkcs8 -topk8 -nocrypt'): " + e.getMessage(), e);
        }
    }

    /** Binds and returns the bound port (0 asks for an ephemeral one). */
    public int start(String bindAddress, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline()
                                .addLast(new HttpServerCodec())
                                .addLast(new HttpObjectAggregator(MAX_REQUEST_BYTES))
                                .addLast(handlers, new RequestHandler());
                    }
                });
        channel = b.bind(bindAddress, port).sync().channel();
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close().syncUninterruptibly();
        }
        // handlers first: a request still being answered writes through the I/O loop, so that must outlive it
        handlers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            ApiResponse response;
            String wrongHost = hosts.refusal(req.headers().get(HttpHeaderNames.HOST));
            if (!req.decoderResult().isSuccess()) {
                response = ApiResponse.error(400, "malformed HTTP request: " + req.decoderResult().cause());
            } else if (wrongHost != null) {
                response = ApiResponse.error(403, wrongHost, "Host");
            } else {
                QueryStringDecoder qs = new QueryStringDecoder(req.uri());
                Map<String, String> headers = new HashMap<>();
                req.headers().forEach(h -> headers.putIfAbsent(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
                ApiRequest request = new ApiRequest(req.method().name(), qs.path(), qs.parameters(),
                        req.headers().get(HttpHeaderNames.AUTHORIZATION),
                        req.content().toString(StandardCharsets.UTF_8), Map.of(), headers);
                try {
                    response = router.dispatch(request);
                } catch (Exception e) {
                    LOG.warn("API handler failed on {} {}", request.method(), request.path(), e);
                    response = ApiResponse.error(500, "internal error: " + e);
                }
            }
            write(ctx, req, response);
        }

        private void write(ChannelHandlerContext ctx, FullHttpRequest req, ApiResponse response) {
            if (response.stream() != null) {
                DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                head.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
                head.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
                SECURITY_HEADERS.forEach(head.headers()::set);
                HttpUtil.setTransferEncodingChunked(head, true);
                ctx.writeAndFlush(head);
                response.stream().join(ctx.channel());
                return;
            }
            byte[] body;
            if (response.bytes() != null) {
                body = response.bytes();
            } else if (response.text() != null) {
                body = response.text().getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    body = (json.writeValueAsString(response.body()) + "\n").getBytes(StandardCharsets.UTF_8);
                } catch (Exception e) {
                    body = ("{\"error\":\"cannot encode response\"}\n").getBytes(StandardCharsets.UTF_8);
                }
            }
            ByteBuf content = ctx.alloc().buffer(body.length).writeBytes(body);
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(response.status()), content);
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, response.contentType());
            res.headers().set(HttpHeaderNames.CACHE_CONTROL, response.bytes() != null ? "max-age=60" : "no-store");
            SECURITY_HEADERS.forEach(res.headers()::set);
            response.headers().forEach(res.headers()::set);
            HttpUtil.setContentLength(res, body.length);
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            if (keepAlive) {
                res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                ctx.writeAndFlush(res);
            } else {
                ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("HTTP connection from {} closed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}
