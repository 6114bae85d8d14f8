package io.tenancykit.persistence.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryMetadata;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

/**
 * A {@link ConnectionFactory} decorator that counts connection acquisitions and records
 * the SQL of every statement created on its connections.
 */
public final class RecordingConnectionFactory implements ConnectionFactory {

	private final ConnectionFactory delegate;

	private final AtomicInteger acquisitions = new AtomicInteger();

	private final List<String> statements = new CopyOnWriteArrayList<>();

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

	public List<String> statements() {
		return List.copyOf(this.statements);
	}

	public void clear() {
		this.statements.clear();
		this.acquisitions.set(0);
	}

	private Connection record(Connection connection) {
		InvocationHandler handler = (proxy, method, args) -> {
			if (method.getName().equals("createStatement")) {
				this.statements.add((String) args[0]);
			}
			return invoke(connection, method, args);
		};
		return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { Connection.class },
				handler);
	}

	private static Object invoke(Connection connection, Method method, Object[] args) throws Throwable {
		try {
			return method.invoke(connection, args);
		}
		catch (InvocationTargetException ex) {
			throw ex.getCause();
		}
	}

}
