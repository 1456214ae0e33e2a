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

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The HTTP listener of the API: decodes requests, hands them to an {@link ApiRouter} on a small
 * executor of its own (handlers may block briefly, the I/O thread must not), and writes the JSON
 * answer. A handler that throws becomes a 500 with the message, never a dropped connection.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    /** Largest request body taken; the API's writes are a few hundred bytes. */
    private static final int MAX_REQUEST_BYTES = 64 * 1024;

    private final ApiRouter router;
    private final ObjectMapper json = new ObjectMapper();
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventExecutorGroup handlers = new DefaultEventExecutorGroup(2);
    private Channel channel;

    public HttpApiServer(ApiRouter router) {
        this.router = router;
    }

    /** Binds and returns the bound port (0 asks for an ephemeral one). */
    public int start(String bindAddress, int port) throws InterruptedException {
        ServerBootstrap b = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
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
        handlers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class RequestHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            ApiResponse response;
            if (!req.decoderResult().isSuccess()) {
                response = ApiResponse.error(400, "malformed HTTP request: " + req.decoderResult().cause());
            } else {
                QueryStringDecoder qs = new QueryStringDecoder(req.uri());
                ApiRequest request = new ApiRequest(req.method().name(), qs.path(), qs.parameters(),
                        req.headers().get(HttpHeaderNames.AUTHORIZATION),
                        req.content().toString(StandardCharsets.UTF_8), Map.of());
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
