package io.tenancykit.web.testsupport;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/**
 * Captures every event logged under {@code io.tenancykit} while open.
 */
public final class LogCapture implements AutoCloseable {

	private final Logger logger = (Logger) LoggerFactory.getLogger("io.tenancykit");

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	public LogCapture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	public List<ILoggingEvent> events() {
		synchronized (this.appender.list) {
			return List.copyOf(this.appender.list);
		}
	}

	public List<ILoggingEvent> events(String loggerName) {
		return events().stream().filter((event) -> event.getLoggerName().equals(loggerName)).toList();
	}

	/** Return the value of a structured key-value pair, or null. */
	public static Object keyValue(ILoggingEvent event, String key) {
		List<KeyValuePair> pairs = event.getKeyValuePairs();
		if (pairs == null) {
			return null;
		}
		return pairs.stream().filter((pair) -> pair.key.equals(key)).map((pair) -> pair.value).findFirst().orElse(null);
	}

	/** Render an event completely: message, arguments and key-value pairs. */
	public static String render(ILoggingEvent event) {
		List<KeyValuePair> pairs = Objects.requireNonNullElse(event.getKeyValuePairs(), List.of());
		return event.getFormattedMessage() + " "
				+ pairs.stream().map((pair) -> pair.key + "=" + pair.value).collect(Collectors.joining(" "));
	}

	@Override
	public void close() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
	}

}
