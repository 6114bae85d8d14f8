package io.tenancykit.web;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a setting of the web layer has an invalid value. The type that owns the
 * value checks it and names the setting, so that a configuration mechanism can report the
 * property it was bound from without parsing the message.
 */
public final class InvalidSettingException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	private final String setting;

	private final @Nullable String value;

	private final String reason;

	/**
	 * Create an exception.
	 * @param setting the name of the setting, such as {@code headerName}, must not be
	 * {@literal null}
	 * @param value the rejected value, may be {@literal null}
	 * @param reason why it is rejected, such as {@code must be positive}, must not be
	 * {@literal null}
	 */
	public InvalidSettingException(String setting, @Nullable Object value, String reason) {
		super("'" + setting + "' " + reason);
		this.setting = Objects.requireNonNull(setting, "'setting' must not be null");
		this.value = (value != null) ? value.toString() : null;
		this.reason = Objects.requireNonNull(reason, "'reason' must not be null");
	}

	/**
	 * Return the name of the invalid setting.
	 * @return the setting name, in camel case
	 */
	public String getSetting() {
		return this.setting;
	}

	/**
	 * Return the rejected value as text.
	 * @return the value, or {@literal null}
	 */
	public @Nullable String getValue() {
		return this.value;
	}

	/**
	 * Return why the value is rejected, without the setting name.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

}
