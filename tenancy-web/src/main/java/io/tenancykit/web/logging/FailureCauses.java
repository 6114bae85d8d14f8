package io.tenancykit.web.logging;

import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Attaches the cause of a failure to a log event, so that an operator can tell a timeout
 * from a refused connection or a prepared statement that a connection pooler lost: the
 * class name of the innermost cause as {@value #CAUSE} and its message as
 * {@value #CAUSE_MESSAGE}, and both in the text ({@link #describe(Throwable)}), which is
 * all a plain console log shows. Messages of drivers can echo values the client sent
 * ({@code invalid input syntax for type uuid: "…"}), so every quoted part of the message
 * is masked, control characters become spaces and the message is cut to
 * {@value #MAX_MESSAGE_LENGTH} characters: what remains is the driver's own wording.
 */
public final class FailureCauses {

	/** The key of the class name of the innermost cause. */
	public static final String CAUSE = "cause";

	/** The key of the masked message of the innermost cause. */
	public static final String CAUSE_MESSAGE = "cause_message";

	/** The most characters of a message that are logged. */
	public static final int MAX_MESSAGE_LENGTH = 300;

	private static final int MAX_CAUSE_DEPTH = 16;

	private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"|'[^']*'|\"[^\"]*$|'[^']*$");

	private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

	private FailureCauses() {
	}

	/**
	 * Add the innermost cause of a failure to a log event.
	 * @param event the event, must not be {@literal null}
	 * @param failure the failure, must not be {@literal null}
	 * @return the event
	 */
	public static LoggingEventBuilder withCause(LoggingEventBuilder event, Throwable failure) {
		Objects.requireNonNull(event, "'event' must not be null");
		Throwable cause = innermost(Objects.requireNonNull(failure, "'failure' must not be null"));
		return event.addKeyValue(CAUSE, cause.getClass().getName())
			.addKeyValue(CAUSE_MESSAGE, mask(cause.getMessage()));
	}

	/**
	 * Describe the innermost cause of a failure for the text of a log line, which plain
	 * console logs show when they leave out key-values: its class name, a colon and its
	 * masked message.
	 * @param failure the failure, must not be {@literal null}
	 * @return the description
	 */
	public static String describe(Throwable failure) {
		Throwable cause = innermost(Objects.requireNonNull(failure, "'failure' must not be null"));
		String message = mask(cause.getMessage());
		return message.isEmpty() ? cause.getClass().getName() : cause.getClass().getName() + ": " + message;
	}

	/**
	 * Return a message with every quoted part replaced by {@code "…"}, control characters
	 * replaced by spaces, cut to {@value #MAX_MESSAGE_LENGTH} characters.
	 * @param message the message, may be {@literal null}
	 * @return the masked message, empty for {@literal null}
	 */
	public static String mask(@Nullable String message) {
		if (message == null) {
			return "";
		}
		String masked = QUOTED.matcher(message).replaceAll((match) -> match.group().startsWith("'") ? "'…'" : "\"…\"");
		masked = CONTROL.matcher(masked).replaceAll(" ").strip();
		return (masked.length() > MAX_MESSAGE_LENGTH) ? masked.substring(0, MAX_MESSAGE_LENGTH) + "…" : masked;
	}

	private static Throwable innermost(Throwable failure) {
		Throwable candidate = failure;
		for (int depth = 0; depth < MAX_CAUSE_DEPTH; depth++) {
			Throwable next = candidate.getCause();
			if (next == null || next == candidate) {
				break;
			}
			candidate = next;
		}
		return candidate;
	}

}
