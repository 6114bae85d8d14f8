package io.tenancykit.benchmarks.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantStatus;
import io.tenancykit.web.bind.TenantContexts;
import io.tenancykit.web.deadline.TenantRequestDeadlineWebFilter;
import io.tenancykit.web.netty.EventLoopDispatchWebFilter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.DefaultServerWebExchange;
import org.springframework.web.server.i18n.AcceptHeaderLocaleContextResolver;
import org.springframework.web.server.i18n.LocaleContextResolver;
import org.springframework.web.server.session.DefaultWebSessionManager;
import org.springframework.web.server.session.WebSessionManager;

/**
 * The request deadline filter around a chain that answers at once, so that what is
 * measured is arming and disarming the deadline of one tenant-scoped request, and the
 * event-loop dispatch filter.
 * <ul>
 * <li>{@code mockRequest}: a mock request, which has no event loop, on the calling
 * thread;</li>
 * <li>{@code nettyRequest}: a request whose native request is a Reactor Netty connection,
 * run as a task on that connection's event loop, as a server runs it;</li>
 * <li>{@code nettyTaskOnly}: creating the same exchange in a task on the event loop
 * without the filter, to subtract from {@code nettyRequest};</li>
 * <li>{@code nettyDispatch}: the kit's {@link EventLoopDispatchWebFilter} on that
 * request, which starts the chain in a later task on the loop, subscribed from the
 * calling thread, and {@code nettyDispatchPerRequestScheduler} the same with a scheduler
 * created for the request, as the filter did before it kept one per event loop.</li>
 * </ul>
 * Run with {@code -prof gc} for the bytes allocated per call; the times of the event loop
 * variants include handing the task to the loop and waiting for it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class DeadlineFilterBenchmark {

	private final TenantRequestDeadlineWebFilter filter = new TenantRequestDeadlineWebFilter(Duration.ofSeconds(30));

	private final ServerCodecConfigurer codecs = ServerCodecConfigurer.create();

	private final WebSessionManager sessions = new DefaultWebSessionManager();

	private final LocaleContextResolver locales = new AcceptHeaderLocaleContextResolver();

	private final EventLoopDispatchWebFilter dispatch = new EventLoopDispatchWebFilter();

	private final WebFilterChain next = (exchange) -> Mono.empty();

	private final MockServerHttpRequest mockRequest = MockServerHttpRequest.get("/api/projects").build();

	private TenantContext tenant;

	private EventLoopGroup loops;

	private EventLoop loop;

	private ServerHttpRequest nettyRequest;

	@Setup(Level.Trial)
	public void setUp() {
		Instant now = Instant.now();
		this.tenant = TenantContext
			.of(new Tenant(new TenantId(UUID.nameUUIDFromBytes("t1".getBytes(StandardCharsets.UTF_8))),
					TenantKey.parse("t00001"), "Tenant 1", TenantStatus.ACTIVE, now, now));
		this.loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
		Channel channel = new LocalChannel();
		this.loops.register(channel).syncUninterruptibly();
		this.loop = channel.eventLoop();
		this.nettyRequest = new NettyConnectionRequest(URI.create("http://localhost/api/projects"),
				Connection.from(channel));
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Benchmark
	public ServerWebExchange mockRequest() {
		ServerWebExchange exchange = exchange(this.mockRequest);
		this.filter.filter(exchange, this.next).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange nettyRequest() throws InterruptedException, ExecutionException {
		return this.loop.submit(() -> {
			ServerWebExchange exchange = exchange(this.nettyRequest);
			// The chain answers at once, so the subscription completes within this task.
			this.filter.filter(exchange, this.next).subscribe();
			return exchange;
		}).get();
	}

	@Benchmark
	public ServerWebExchange nettyDispatch() {
		ServerWebExchange exchange = exchange(this.nettyRequest);
		this.dispatch.filter(exchange, this.next).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange nettyDispatchPerRequestScheduler() {
		ServerWebExchange exchange = exchange(this.nettyRequest);
		Mono.defer(() -> this.next.filter(exchange)).subscribeOn(Schedulers.fromExecutor(this.loop)).block();
		return exchange;
	}

	@Benchmark
	public ServerWebExchange nettyTaskOnly() throws InterruptedException, ExecutionException {
		return this.loop.submit(() -> exchange(this.nettyRequest)).get();
	}

	private ServerWebExchange exchange(ServerHttpRequest request) {
		ServerWebExchange exchange = new DefaultServerWebExchange(request, new MockServerHttpResponse(), this.sessions,
				this.codecs, this.locales);
		exchange.getAttributes().put(TenantContexts.ATTRIBUTE, this.tenant);
		return exchange;
	}

}
