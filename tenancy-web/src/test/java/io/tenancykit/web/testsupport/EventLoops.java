package io.tenancykit.web.testsupport;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import reactor.netty.Connection;

import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.http.codec.ServerCodecConfigurer;

/**
 * Netty event loops with channels registered on them, and exchanges whose native request
 * is a Reactor Netty connection on such a channel, as Spring's Reactor Netty adapter
 * creates them; no HTTP server involved.
 */
public final class EventLoops implements AutoCloseable {

	private final EventLoopGroup group;

	public EventLoops(int threads) {
		this.group = new MultiThreadIoEventLoopGroup(threads, LocalIoHandler.newFactory());
	}

	/** Register a new channel, on the next event loop of the group. */
	public Channel channel() {
		Channel channel = new LocalChannel();
		this.group.register(channel).syncUninterruptibly();
		return channel;
	}

	/** Return an exchange of a GET whose connection is the channel. */
	public static ServerWebExchange exchange(Channel channel, String path) {
		return new DefaultServerWebExchange(
				new NettyConnectionRequest(URI.create("http://localhost" + path), Connection.from(channel)),
				new MockServerHttpResponse(), new DefaultWebSessionManager(), ServerCodecConfigurer.create(),
				new AcceptHeaderLocaleContextResolver());
	}

	@Override
	public void close() {
		this.group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

}
