package io.tenancykit.persistence.repository;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.data.r2dbc.mapping.OutboundRow;
import org.springframework.data.relational.core.sql.SqlIdentifier;
import org.springframework.r2dbc.core.Parameter;

/**
 * Finds text in a row to write that PostgreSQL cannot store unchanged: a lone UTF-16
 * surrogate (a high one not followed by a low one, or a low one not preceded by a high
 * one). The driver encodes it as {@code ?}; a NUL, the other such character, PostgreSQL
 * refuses itself.
 */
final class StorableText {

	private StorableText() {
	}

	/**
	 * Refuse a row holding text that cannot be stored unchanged.
	 * @param operation the repository operation, for the message
	 * @param row the row, as the converter wrote it
	 * @return the exception to signal, or {@literal null} when every value can be stored
	 */
	// OutboundRow, Spring Data R2DBC's own write model, is typed with the deprecated
	// r2dbc Parameter; the kit checks what Spring Data writes.
	@SuppressWarnings("deprecation")
	static @Nullable UnstorableTextException check(String operation, OutboundRow row) {
		for (Map.Entry<SqlIdentifier, Parameter> column : row.entrySet()) {
			int index = loneSurrogate(column.getValue().getValue());
			if (index >= 0) {
				return new UnstorableTextException(operation, column.getKey().getReference(), index);
			}
		}
		return null;
	}

	/**
	 * Return the index of the first lone surrogate of a text value, of an element of an
	 * array or iterable of text values, or -1.
	 */
	static int loneSurrogate(@Nullable Object value) {
		if (value instanceof CharSequence text) {
			return loneSurrogate(text);
		}
		if (value instanceof Object[] array) {
			for (Object element : array) {
				int index = loneSurrogate(element);
				if (index >= 0) {
					return index;
				}
			}
		}
		else if (value instanceof Iterable<?> iterable) {
			for (Object element : iterable) {
				int index = loneSurrogate(element);
				if (index >= 0) {
					return index;
				}
			}
		}
		return -1;
	}

	private static int loneSurrogate(CharSequence text) {
		int length = text.length();
		for (int i = 0; i < length; i++) {
			char c = text.charAt(i);
			if (!Character.isSurrogate(c)) {
				continue;
			}
			if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
				continue;
			}
			return i;
		}
		return -1;
	}

}
