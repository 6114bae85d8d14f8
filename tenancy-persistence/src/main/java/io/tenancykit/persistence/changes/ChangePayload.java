package io.tenancykit.persistence.changes;

import java.util.HashMap;
import java.util.Map;

import io.tenancykit.api.TenantId;
import org.jspecify.annotations.Nullable;

/**
 * Reads the payload that {@code tenancy_publish_change()} puts on the channel: a flat
 * JSON object of string values, as PostgreSQL's {@code json_build_object} writes it.
 * Anything else (another application's NOTIFY on the same channel, a payload without a
 * valid tenant) is refused, so that no event is ever delivered without a tenant.
 */
final class ChangePayload {

	private final String text;

	private int position;

	private ChangePayload(String text) {
		this.text = text;
	}

	/**
	 * Return the change the payload describes, or {@literal null} when it is not one.
	 */
	static ChangeEvent.@Nullable Change parse(String payload) {
		Map<String, String> fields = new ChangePayload(payload).object();
		if (fields == null) {
			return null;
		}
		String tenant = fields.get("tenant_id");
		String schema = fields.get("schema");
		String table = fields.get("table");
		String operation = fields.get("op");
		String id = fields.get("id");
		if (tenant == null || !TenantId.isCanonicalUuid(tenant) || schema == null || table == null || operation == null
				|| id == null) {
			return null;
		}
		for (ChangeEvent.Operation candidate : ChangeEvent.Operation.values()) {
			if (candidate.name().equals(operation)) {
				return new ChangeEvent.Change(TenantId.parse(tenant), schema, table, candidate, id);
			}
		}
		return null;
	}

	private @Nullable Map<String, String> object() {
		Map<String, String> fields = new HashMap<>();
		if (!skipTo('{')) {
			return null;
		}
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
			return atEnd() ? fields : null;
		}
		while (true) {
			String name = string();
			if (name == null || !skipTo(':')) {
				return null;
			}
			skipWhitespace();
			String value = string();
			if (value == null || fields.put(name, value) != null) {
				return null;
			}
			skipWhitespace();
			char next = peek();
			this.position++;
			if (next == '}') {
				return atEnd() ? fields : null;
			}
			if (next != ',') {
				return null;
			}
		}
	}

	// Only JSON strings are accepted as values: the trigger writes every field as
	// text, and a null (no id) or a number means the payload did not come from it.
	private @Nullable String string() {
		skipWhitespace();
		if (peek() != '"') {
			return null;
		}
		this.position++;
		StringBuilder value = new StringBuilder();
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position++);
			if (c == '"') {
				return value.toString();
			}
			if (c != '\\') {
				value.append(c);
				continue;
			}
			if (this.position >= this.text.length()) {
				return null;
			}
			char escaped = this.text.charAt(this.position++);
			switch (escaped) {
				case '"', '\\', '/' -> value.append(escaped);
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'u' -> {
					if (this.position + 4 > this.text.length()) {
						return null;
					}
					try {
						value
							.append((char) Integer.parseInt(this.text.substring(this.position, this.position + 4), 16));
					}
					catch (NumberFormatException ex) {
						return null;
					}
					this.position += 4;
				}
				default -> {
					return null;
				}
			}
		}
		return null;
	}

	private boolean skipTo(char expected) {
		skipWhitespace();
		if (peek() != expected) {
			return false;
		}
		this.position++;
		return true;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length() && Character.isWhitespace(this.text.charAt(this.position))) {
			this.position++;
		}
	}

	private char peek() {
		return (this.position < this.text.length()) ? this.text.charAt(this.position) : '\0';
	}

	private boolean atEnd() {
		skipWhitespace();
		return this.position == this.text.length();
	}

}
