package io.tenancykit.persistence.changes;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.r2dbc.postgresql.api.Notification;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.postgresql.api.PostgresqlResult;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantDirectory;
import io.tenancykit.api.TenantId;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.api.TenantStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Tenant-scoped change streams: listens on the kit's channel {@value #CHANNEL}, on one
 * dedicated connection, for the change events that {@code tenancy_enable_change_events}
 * triggers publish, and delivers each event only to the subscribers of the tenant it
 * names. A subscriber never receives another tenant's events, and a notification without
 * a valid tenant is delivered to nobody.
 * <p>
 * Every stream starts with a {@link ChangeEvent.Resync Resync} marker
 * ({@link ChangeEvent.Reason#SUBSCRIBED SUBSCRIBED}) once the listener listens; every
 * change committed after it is delivered. Each subscriber has a bounded buffer
 * ({@link ChangeStreamSettings#bufferSize()}): a subscriber that does not keep up gets a
 * {@link ChangeEvent.Reason#OVERFLOW OVERFLOW} marker instead of the changes it missed.
 * When the connection is lost (a database restart, a terminated backend), the listener
 * connects and listens again with exponential backoff, subscribers keep their streams,
 * and each gets a {@link ChangeEvent.Reason#RECONNECTED RECONNECTED} marker because
 * changes may have been committed in between.
 * <p>
 * The listener connects on the first subscription and listens until {@link #close()},
 * which completes every stream. Events are delivered on the connection's thread:
 * subscribers must not block.
 * <p>
 * A stream outlives the request that opened it, and with it the check of the tenant's
 * status made when the request was resolved. Given a {@link TenantDirectory}, the tenants
 * of open streams are looked up every {@link ChangeStreamSettings#tenantCheckInterval()}:
 * the streams of a tenant found {@linkplain TenantStatus#SUSPENDED suspended} end with
 * {@link TenantResolutionException.Suspended}, those of a tenant no longer found with
 * {@link TenantResolutionException.Unknown}, so that a suspension stops a tenant's events
 * as it stops its requests (a client that reconnects is refused). A lookup that fails
 * leaves the streams open: the directory is read from the database whose changes they
 * carry, which is then unreachable too, and a subscriber re-reads what an event points to
 * through that database.
 */
public final class TenantChangeStreams implements AutoCloseable {

	/** The channel on which the kit's trigger publishes change events. */
	public static final String CHANNEL = "tenancy_change";

	/**
	 * The {@code application_name} of the listener's connection, as shown in
	 * pg_stat_activity.
	 */
	public static final String APPLICATION_NAME = "tenancy-change-streams";

	private static final Logger logger = LoggerFactory.getLogger(TenantChangeStreams.class);

	/** The most tenant lookups of one check in flight at once. */
	private static final int TENANT_CHECK_CONCURRENCY = 8;

	private final ConnectionFactory connectionFactory;

	private final ChangeStreamSettings settings;

	private final ConcurrentMap<TenantId, Set<TenantSubscriber>> subscribers = new ConcurrentHashMap<>();

	private final AtomicBoolean started = new AtomicBoolean();

	private final Disposable.Swap listener = Disposables.swap();

	private final Disposable.Swap tenantCheck = Disposables.swap();

	private final @Nullable TenantDirectory directory;

	private volatile boolean closed;

	private volatile boolean listening;

	private volatile long generation;

	/**
	 * Create change streams with the {@linkplain ChangeStreamSettings#DEFAULTS default
	 * settings}.
	 * @param connectionFactory the application's connection factory (a pool is unwrapped
	 * to its r2dbc-postgresql factory), must not be {@literal null}
	 */
	public TenantChangeStreams(ConnectionFactory connectionFactory) {
		this(connectionFactory, ChangeStreamSettings.DEFAULTS);
	}

	/**
	 * Create change streams.
	 * @param connectionFactory the application's connection factory (a pool is unwrapped
	 * to its r2dbc-postgresql factory, so that the listener's connection is its own and
	 * not taken from the pool), must not be {@literal null}
	 * @param settings the settings, must not be {@literal null}
	 */
	public TenantChangeStreams(ConnectionFactory connectionFactory, ChangeStreamSettings settings) {
		this(connectionFactory, settings, null);
	}

	/**
	 * Create change streams that end the streams of a tenant found suspended or gone.
	 * @param connectionFactory the application's connection factory (a pool is unwrapped
	 * to its r2dbc-postgresql factory, so that the listener's connection is its own and
	 * not taken from the pool), must not be {@literal null}
	 * @param settings the settings, must not be {@literal null}
	 * @param directory the directory in which the tenants of open streams are looked up
	 * every {@link ChangeStreamSettings#tenantCheckInterval()}, or {@literal null} for no
	 * check (a stream then outlives a suspension of its tenant)
	 */
	public TenantChangeStreams(ConnectionFactory connectionFactory, ChangeStreamSettings settings,
			@Nullable TenantDirectory directory) {
		Objects.requireNonNull(connectionFactory, "'connectionFactory' must not be null");
		this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
		this.connectionFactory = dedicated(connectionFactory);
		this.directory = directory;
	}

	/**
	 * Return the change events of the tenant, starting with a
	 * {@link ChangeEvent.Reason#SUBSCRIBED SUBSCRIBED} marker. The stream never completes
	 * before {@link #close()}; cancel it to unsubscribe.
	 * @param tenant the tenant, must not be {@literal null}
	 * @return the tenant's change events and resync markers
	 */
	public Flux<ChangeEvent> changes(TenantContext tenant) {
		Objects.requireNonNull(tenant, "'tenant' must not be null");
		TenantId tenantId = tenant.tenantId();
		// BUFFER is never used: a subscriber's events are emitted only as it
		// requests them.
		return Flux.create((FluxSink<ChangeEvent> sink) -> subscribe(tenantId, sink), FluxSink.OverflowStrategy.BUFFER);
	}

	/**
	 * Return the change events of one table of the tenant, and all its resync markers.
	 * @param tenant the tenant, must not be {@literal null}
	 * @param table the table name, as PostgreSQL reports it (unquoted, usually lower
	 * case), must not be {@literal null}
	 * @return the table's change events and the tenant's resync markers
	 */
	public Flux<ChangeEvent> changes(TenantContext tenant, String table) {
		Objects.requireNonNull(table, "'table' must not be null");
		return changes(tenant)
			.filter((event) -> !(event instanceof ChangeEvent.Change change) || change.table().equals(table));
	}

	/**
	 * Stop listening, close the connection and complete every stream.
	 */
	@Override
	public void close() {
		this.closed = true;
		this.listener.dispose();
		this.tenantCheck.dispose();
		this.subscribers.values().forEach((set) -> set.forEach(TenantSubscriber::complete));
		this.subscribers.clear();
	}

	private void subscribe(TenantId tenantId, FluxSink<ChangeEvent> sink) {
		if (this.closed) {
			sink.complete();
			return;
		}
		TenantSubscriber subscriber = new TenantSubscriber(tenantId, this.settings.bufferSize(), sink);
		// Added within the map's update of the key, so that the tenant check, which
		// removes the key's set, either ends this subscriber or leaves it in a new set.
		this.subscribers.compute(tenantId, (key, set) -> {
			Set<TenantSubscriber> added = (set != null) ? set : ConcurrentHashMap.newKeySet();
			added.add(subscriber);
			return added;
		});
		sink.onRequest((requested) -> subscriber.drain());
		sink.onDispose(() -> unsubscribe(subscriber));
		logger.atDebug().addKeyValue("tenant_id", tenantId).log("Change stream subscribed");
		// Read after registering: either the listener's broadcast sees this
		// subscriber, or this sees the listener listening (see listeningOn).
		if (this.listening) {
			subscriber.listening(this.generation);
		}
		start();
	}

	private void unsubscribe(TenantSubscriber subscriber) {
		this.subscribers.computeIfPresent(subscriber.tenantId(), (key, set) -> {
			set.remove(subscriber);
			return set.isEmpty() ? null : set;
		});
		logger.atDebug().addKeyValue("tenant_id", subscriber.tenantId()).log("Change stream cancelled");
	}

	private void start() {
		if (!this.started.compareAndSet(false, true)) {
			return;
		}
		Disposable listening = Flux.defer(this::listenOnce)
			.retryWhen(Retry.backoff(Long.MAX_VALUE, this.settings.minReconnectBackoff())
				.maxBackoff(this.settings.maxReconnectBackoff())
				.transientErrors(true)
				.filter((ex) -> !this.closed && !(ex instanceof UnsupportedConnectionException))
				.doBeforeRetry((signal) -> logger.atWarn()
					.addKeyValue("attempt", signal.totalRetriesInARow() + 1)
					.setCause(signal.failure())
					.log("Change stream listener lost its connection; listening again")))
			.subscribe(this::received,
					(ex) -> logger.atError().setCause(ex).log("Change stream listener stopped; streams get no events"));
		this.listener.update(listening);
		if (this.closed) {
			listening.dispose();
		}
		startTenantCheck();
	}

	private void startTenantCheck() {
		TenantDirectory directory = this.directory;
		Duration interval = this.settings.tenantCheckInterval();
		if (directory == null || interval.isZero()) {
			return;
		}
		Disposable checking = Flux.interval(interval, interval)
			.onBackpressureDrop()
			.concatMap((tick) -> checkTenants(directory), 0)
			.subscribe(null,
					(ex) -> logger.atError()
						.setCause(ex)
						.log("Change stream tenant check stopped; streams outlive suspensions"));
		this.tenantCheck.update(checking);
		if (this.closed) {
			checking.dispose();
		}
	}

	private Mono<Void> checkTenants(TenantDirectory directory) {
		return Flux.fromIterable(List.copyOf(this.subscribers.keySet()))
			.flatMap((tenantId) -> Mono.defer(() -> directory.findById(tenantId))
				.map(Optional::of)
				.defaultIfEmpty(Optional.empty())
				.doOnNext((found) -> checked(tenantId, found.orElse(null)))
				.onErrorResume((ex) -> {
					logger.atDebug()
						.addKeyValue("tenant_id", tenantId)
						.setCause(ex)
						.log("Change stream tenant check failed; the tenant's streams stay open");
					return Mono.empty();
				}), TENANT_CHECK_CONCURRENCY)
			.then();
	}

	private void checked(TenantId tenantId, @Nullable Tenant tenant) {
		if (tenant != null && tenant.status() == TenantStatus.ACTIVE) {
			return;
		}
		Set<TenantSubscriber> ended = this.subscribers.remove(tenantId);
		if (ended == null) {
			return;
		}
		TenantResolutionException failure = (tenant != null) ? new TenantResolutionException.Suspended()
				: new TenantResolutionException.Unknown();
		logger.atInfo()
			.addKeyValue("tenant_id", tenantId)
			.addKeyValue("reason", failure.code())
			.addKeyValue("streams", ended.size())
			.log("Change streams ended: the tenant is no longer active");
		ended.forEach((subscriber) -> subscriber.error(failure));
	}

	// One connection's life: LISTEN, then its notifications until the connection ends. An
	// empty element marks the moment the listener listens.
	private Flux<Optional<Notification>> listenOnce() {
		return Flux.usingWhen(connect(), (connection) -> {
			PostgresqlConnection postgres = connection.postgres();
			Mono<Optional<Notification>> listen = execute(postgres, "SET application_name = '" + APPLICATION_NAME + "'")
				.then(execute(postgres, "LISTEN " + CHANNEL))
				.then(Mono.fromCallable(Optional::<Notification>empty));
			// Subscribed to the notifications before LISTEN runs, so that none is missed.
			return Flux.merge(postgres.getNotifications().map(Optional::of), listen)
				.concatWith(Mono.error(() -> new IllegalStateException("the listener's connection was closed")));
		}, Listening::close, (connection, ex) -> connection.close(), Listening::close)
			.doOnError((ex) -> this.listening = false);
	}

	private static Mono<Void> execute(PostgresqlConnection connection, String sql) {
		return connection.createStatement(sql).execute().flatMap(PostgresqlResult::getRowsUpdated).then();
	}

	private Mono<Listening> connect() {
		return Mono.from(this.connectionFactory.create()).map(Listening::of);
	}

	private void received(Optional<Notification> received) {
		if (received.isEmpty()) {
			listeningOn(this.generation + 1);
			return;
		}
		Notification notification = received.get();
		if (!CHANNEL.equals(notification.getName())) {
			return;
		}
		String payload = notification.getParameter();
		ChangeEvent.Change change = (payload != null) ? ChangePayload.parse(payload) : null;
		if (change == null) {
			// The payload is not logged: it was not written by the kit's trigger.
			logger.atWarn().log("Ignored a notification on channel " + CHANNEL + " that is not a kit change event");
			return;
		}
		Set<TenantSubscriber> tenantSubscribers = this.subscribers.get(change.tenantId());
		if (tenantSubscribers == null) {
			return;
		}
		for (TenantSubscriber subscriber : tenantSubscribers) {
			if (subscriber.offer(change)) {
				logger.atWarn()
					.addKeyValue("tenant_id", change.tenantId())
					.addKeyValue("buffer_size", this.settings.bufferSize())
					.log("Change stream subscriber did not keep up; its buffered changes were replaced by a resync marker");
			}
		}
	}

	private void listeningOn(long generation) {
		this.generation = generation;
		this.listening = true;
		logger.atInfo().addKeyValue("connection", generation).log("Change stream listener listening");
		this.subscribers.values().forEach((set) -> set.forEach((subscriber) -> subscriber.listening(generation)));
	}

	private static ConnectionFactory dedicated(ConnectionFactory connectionFactory) {
		Object candidate = connectionFactory;
		while (true) {
			if (candidate instanceof io.r2dbc.postgresql.PostgresqlConnectionFactory) {
				return (ConnectionFactory) candidate;
			}
			if (!(candidate instanceof Wrapped<?> wrapped)) {
				// No r2dbc-postgresql factory inside: each connection is unwrapped
				// instead.
				return connectionFactory;
			}
			Object unwrapped = wrapped.unwrap();
			if (unwrapped == null || unwrapped == candidate) {
				return connectionFactory;
			}
			candidate = unwrapped;
		}
	}

	/**
	 * The connection the listener holds, and the r2dbc-postgresql connection inside it.
	 */
	private record Listening(Connection connection, PostgresqlConnection postgres) {

		static Listening of(Connection connection) {
			Object candidate = connection;
			while (!(candidate instanceof PostgresqlConnection)) {
				Object unwrapped = (candidate instanceof Wrapped<?> wrapped) ? wrapped.unwrap() : null;
				if (unwrapped == null || unwrapped == candidate) {
					Mono.from(connection.close()).subscribe();
					throw new UnsupportedConnectionException();
				}
				candidate = unwrapped;
			}
			return new Listening(connection, (PostgresqlConnection) candidate);
		}

		Mono<Void> close() {
			// The connection may already be gone: closing it is best effort.
			return Mono.from(this.connection.close()).onErrorComplete();
		}

	}

	/**
	 * The connection factory does not make r2dbc-postgresql connections: there is nothing
	 * to listen with, and retrying would not help.
	 */
	private static final class UnsupportedConnectionException extends IllegalStateException {

		private static final long serialVersionUID = 1L;

		UnsupportedConnectionException() {
			super("Change streams need connections of the r2dbc-postgresql driver");
		}

	}

}
