package io.tenancykit.benchmarks.web;

import java.net.URI;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.netty.Connection;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.SslInfo;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * A bodiless GET whose native request is a Reactor Netty {@link Connection}, as the
 * requests of Spring's Reactor Netty adapter are, without an HTTP server around it.
 */
final class NettyConnectionRequest extends AbstractServerHttpRequest {

	private final Connection connection;

	NettyConnectionRequest(URI uri, Connection connection) {
		super(HttpMethod.GET, uri, null, new HttpHeaders());
		this.connection = connection;
	}

	@Override
	protected MultiValueMap<String, HttpCookie> initCookies() {
		return new LinkedMultiValueMap<>();
	}

	@Override
	protected @Nullable SslInfo initSslInfo() {
		return null;
	}

	@Override
	@SuppressWarnings({ "unchecked", "TypeParameterUnusedInFormals" })
	public <T> T getNativeRequest() {
		return (T) this.connection;
	}

	@Override
	public Flux<DataBuffer> getBody() {
		return Flux.empty();
	}

}
