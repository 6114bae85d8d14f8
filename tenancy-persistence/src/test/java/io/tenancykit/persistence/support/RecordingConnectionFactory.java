package io.tenancykit.persistence.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import io.r2dbc.spi.Statement;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A {@link ConnectionFactory} decorator that counts connection acquisitions and records
 * the SQL of every statement created on its connections, with the values bound to it by
 * index.
 */
public final class RecordingConnectionFactory implements ConnectionFactory {

	/** The value recorded for a parameter bound to {@code NULL}. */
	public static final Object NULL = new Object() {

		@Override
		public String toString() {
			return "NULL";
		}

	};

	private final ConnectionFactory delegate;

	private final AtomicInteger acquisitions = new AtomicInteger();

	private final List<RecordedStatement> statements = new CopyOnWriteArrayList<>();

	public RecordingConnectionFactory(ConnectionFactory delegate) {
		this.delegate = delegate;
	}

	@Override
	public Publisher<? extends Connection> create() {
		return Mono.defer(() -> {
			this.acquisitions.incrementAndGet();
			return Mono.from(this.delegate.create()).map(this::record);
		});
	}

	@Override
	public ConnectionFactoryMetadata getMetadata() {
		return this.delegate.getMetadata();
	}

	public int acquisitions() {
		return this.acquisitions.get();
	}

	/**
	 * Return the SQL of every statement created so far, in order.
	 */
	public List<String> statements() {
		return this.statements.stream().map(RecordedStatement::sql).toList();
	}

	/**
	 * Return every statement created so far, in order, with its bindings.
	 */
	public List<RecordedStatement> recorded() {
		return List.copyOf(this.statements);
	}

	public void clear() {
		this.statements.clear();
		this.acquisitions.set(0);
	}

	private Connection record(Connection connection) {
		InvocationHandler handler = (proxy, method, args) -> {
			Object result = invoke(connection, method, args);
			if (method.getName().equals("createStatement")) {
				RecordedStatement recorded = new RecordedStatement((String) args[0], new ConcurrentHashMap<>());
				this.statements.add(recorded);
				return recordBindings((Statement) result, recorded);
			}
			return result;
		};
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				handler);
	}

	private Statement recordBindings(Statement statement, RecordedStatement recorded) {
		Statement[] self = new Statement[1];
		InvocationHandler handler = (proxy, method, args) -> {
			if ((method.getName().equals("bind") || method.getName().equals("bindNull"))
					&& args[0] instanceof Integer index) {
				Object value = method.getName().equals("bind") ? args[1] : NULL;
				if (value instanceof io.r2dbc.spi.Parameter parameter) {
					value = (parameter.getValue() != null) ? parameter.getValue() : NULL;
				}
				recorded.bindings().put(index, value);
			}
			Object result = invoke(statement, method, args);
			// Keep fluent calls on the recording proxy.
			return (result == statement) ? self[0] : result;
		};
		self[0] = (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Statement.class },
				handler);
		return self[0];
	}

	private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(target, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * A statement as created on a connection, with its bindings by zero-based index.
	 *
	 * @param sql the SQL
	 * @param bindings the bound values, {@link #NULL} for {@code NULL}
	 */
	public record RecordedStatement(String sql, Map<Integer, Object> bindings) {

		/**
		 * Return the value bound to the PostgreSQL bind marker {@code $n}.
		 */
		public Object boundTo(int marker) {
			return this.bindings.get(marker - 1);
		}

	}

}
