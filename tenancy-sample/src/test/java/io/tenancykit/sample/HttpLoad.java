package io.tenancykit.sample;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.AttributeKey;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.ByteBufFlux;
import reactor.netty.ConnectionObserver;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Load against the running sample for the soak and cancellation suites: a reactor-netty
 * client whose connections are kept alive and pooled, answers with their latency, the
 * sample's pool metrics and latency percentiles.
 */
final class HttpLoad {

	static final String TENANT_HEADER = "X-Tenant-ID";

	private static final JsonMapper json = JsonMapper.builder().build();

	/** Set on a client connection that this client closed while it was still open. */
	private static final AttributeKey<Boolean> CLOSED_BY_CLIENT = AttributeKey.valueOf(HttpLoad.class,
			"closedByClient");

	private final HttpClient client;

	private final ConnectionProvider connections;

	private final AtomicInteger opened = new AtomicInteger();

	private final Duration hang;

	/**
	 * Create a client of at most {@code maxConnections} connections; a request not
	 * answered within {@code hang} is answered with status -1.
	 */
	HttpLoad(ConfigurableApplicationContext application, String name, int maxConnections, Duration hang) {
		this(Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port")), name,
				maxConnections, hang);
	}

	/**
	 * Create a client of a server on a local port.
	 */
	HttpLoad(int port, String name, int maxConnections, Duration hang) {
		this.hang = hang;
		this.connections = ConnectionProvider.builder(name)
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(-1)
			.pendingAcquireTimeout(Duration.ofMinutes(5))
			.build();
		this.client = HttpClient.create(this.connections)
			.baseUrl("http://127.0.0.1:" + port)
			.doOnChannelInit((observer, channel, address) -> channel.pipeline()
				.addFirst(ClientCloseRecorder.NAME, new ClientCloseRecorder()))
			.observe((connection, state) -> {
				if (state == ConnectionObserver.State.CONNECTED) {
					this.opened.incrementAndGet();
				}
			});
	}

	/**
	 * Send a request as the tenant named by {@code tenantKey}; a {@code body} is sent as
	 * JSON. Never fails: a transport failure is an answer with status 0, no answer in
	 * time one with status -1.
	 */
	Mono<Answer> send(HttpMethod method, String uri, String tenantKey, @Nullable Object body) {
		return send(this.client, method, uri, tenantKey, body);
	}

	/**
	 * Send a GET as {@link #send} does, and close its connection from another thread as
	 * soon as the response's headers are in, as a racing cancellation of an earlier
	 * request can: the answer is a response cut off by this client.
	 */
	Mono<Answer> sendClosingOnResponse(String uri, String tenantKey) {
		HttpClient closing = this.client
			.doOnResponse((response, connection) -> Schedulers.parallel().schedule(() -> connection.channel().close()));
		return send(closing, HttpMethod.GET, uri, tenantKey, null);
	}

	private Mono<Answer> send(HttpClient client, HttpMethod method, String uri, String tenantKey,
			@Nullable Object body) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			AtomicReference<@Nullable Channel> sentOn = new AtomicReference<>();
			// The connection the request was last sent on, to tell who closed it.
			HttpClient.RequestSender request = client
				.doOnRequest((sent, connection) -> sentOn.set(connection.channel()))
				.headers((headers) -> headers.set(TENANT_HEADER, tenantKey)
					.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
				.request(method)
				.uri(uri);
			HttpClient.ResponseReceiver<?> ready = (body != null)
					? request.send(ByteBufFlux.fromString(Mono.just(json.writeValueAsString(body)))) : request;
			return ready
				.responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8)
					.defaultIfEmpty("")
					.map((text) -> new Answer(response.status().code(), text, System.nanoTime() - start, false)))
				.timeout(this.hang,
						Mono.fromSupplier(() -> new Answer(-1, "no answer", System.nanoTime() - start, false)))
				.onErrorResume((ex) -> Mono.just(new Answer(0, ex.getClass().getName(), System.nanoTime() - start,
						closedByThisClient(ex, sentOn.get()))));
		});
	}

	/**
	 * Whether a transport failure is the response cut off because this client closed the
	 * connection itself, not the server. Reactor Netty's pooled client (1.3.6) can do
	 * that when a request is cancelled from another thread just as its response arrives:
	 * the close of the cancelled request's connection is queued on the event loop, the
	 * connection meanwhile goes back to the pool and is reused, and the queued close cuts
	 * off the next request's response ({@code PrematureCloseException} "DURING
	 * response"). A connection the server closes is never marked: Netty closes it on end
	 * of input without passing the pipeline's close.
	 */
	private static boolean closedByThisClient(Throwable ex, @Nullable Channel channel) {
		return ex instanceof PrematureCloseException && channel != null
				&& Boolean.TRUE.equals(channel.attr(CLOSED_BY_CLIENT).get());
	}

	/** The number of connections the client opened so far. */
	int connectionsOpened() {
		return this.opened.get();
	}

	void close() {
		this.connections.dispose();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> object(String text) {
		return json.readValue(text, Map.class);
	}

	static PoolMetrics poolMetrics(ConfigurableApplicationContext application) {
		ConnectionFactory factory = application.getBean(ConnectionFactory.class);
		assertThat(factory).isInstanceOf(ConnectionPool.class);
		return ((ConnectionPool) factory).getMetrics().orElseThrow();
	}

	/**
	 * Wait until the sample's pool has no acquired connection, at most {@code limit}.
	 * @return how long it took, or {@literal null} if it did not happen in time
	 */
	static @Nullable Duration awaitPoolIdle(ConfigurableApplicationContext application, Duration limit)
			throws InterruptedException {
		PoolMetrics metrics = poolMetrics(application);
		long start = System.nanoTime();
		while (metrics.acquiredSize() > 0 || metrics.pendingAcquireSize() > 0) {
			if (System.nanoTime() - start > limit.toNanos()) {
				return null;
			}
			Thread.sleep(10);
		}
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/** The {@code percent} percentile of the latencies, in milliseconds. */
	static long percentileMillis(long[] nanos, int percent) {
		if (nanos.length == 0) {
			return 0;
		}
		long[] sorted = nanos.clone();
		Arrays.sort(sorted);
		int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
		return Duration.ofNanos(sorted[Math.max(0, index)]).toMillis();
	}

	/**
	 * One answer: status 0 when the transport failed, -1 when none came in time;
	 * {@code closedByClient} when the transport failure is a response cut off by this
	 * client closing its own connection (see {@link #closedByThisClient}).
	 */
	record Answer(int status, String body, long nanos, boolean closedByClient) {

		@Nullable String code() {
			return ProblemBodies.code(this.body);
		}

		long millis() {
			return Duration.ofNanos(this.nanos).toMillis();
		}

	}

	/**
	 * Marks a connection that this client closes while it is open: placed next to the
	 * transport, every close asked of the channel's pipeline passes here.
	 */
	private static final class ClientCloseRecorder extends ChannelOutboundHandlerAdapter {

		static final String NAME = "tenancy.test.clientCloseRecorder";

		@Override
		public void close(ChannelHandlerContext context, ChannelPromise promise) throws Exception {
			if (context.channel().isActive()) {
				context.channel().attr(CLOSED_BY_CLIENT).set(Boolean.TRUE);
			}
			super.close(context, promise);
		}

	}

}
