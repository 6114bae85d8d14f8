package io.tenancykit.persistence.changes;

import java.util.Objects;

import io.tenancykit.api.TenantId;

/**
 * An event of a tenant-scoped change stream: either a {@link Change} of one row or a
 * {@link Resync} marker. Both name the tenant whose stream carries them; a stream only
 * ever carries its own tenant's events.
 */
public sealed interface ChangeEvent {

	/**
	 * Return the tenant whose stream carries this event.
	 * @return the tenant
	 */
	TenantId tenantId();

	/**
	 * A row of a tenant-owned table was inserted, updated or deleted, and the transaction
	 * committed. The event is a pointer, never the row's contents: re-read the row
	 * through a tenant-scoped repository with the stream's {@code TenantContext}.
	 *
	 * @param tenantId the tenant that owns the row
	 * @param schema the schema of the table
	 * @param table the table
	 * @param operation what happened to the row
	 * @param id the row's identifying column (by default {@code id}) as text
	 */
	record Change(TenantId tenantId, String schema, String table, Operation operation,
			String id) implements ChangeEvent {

		public Change {
			Objects.requireNonNull(tenantId, "'tenantId' must not be null");
			Objects.requireNonNull(schema, "'schema' must not be null");
			Objects.requireNonNull(table, "'table' must not be null");
			Objects.requireNonNull(operation, "'operation' must not be null");
			Objects.requireNonNull(id, "'id' must not be null");
		}

	}

	/**
	 * Events of the tenant may have been lost: re-read whatever the subscriber shows (for
	 * example the whole list) instead of applying further changes to stale state. Changes
	 * that follow the marker are delivered as usual.
	 *
	 * @param tenantId the tenant whose stream carries the marker
	 * @param reason why events may have been lost
	 */
	record Resync(TenantId tenantId, Reason reason) implements ChangeEvent {

		public Resync {
			Objects.requireNonNull(tenantId, "'tenantId' must not be null");
			Objects.requireNonNull(reason, "'reason' must not be null");
		}

	}

	/**
	 * What happened to a row.
	 */
	enum Operation {

		/** The row was inserted. */
		INSERT,

		/** The row was updated. */
		UPDATE,

		/** The row was deleted. */
		DELETE

	}

	/**
	 * Why a stream asks its subscriber to re-read.
	 */
	enum Reason {

		/**
		 * The stream has started listening: load the current state now; every change
		 * committed after this marker is delivered. It is the first event of every
		 * stream.
		 */
		SUBSCRIBED,

		/**
		 * The subscriber did not keep up: its buffer filled, and its buffered changes
		 * were discarded.
		 */
		OVERFLOW,

		/**
		 * The listener lost its database connection and listens again on a new one;
		 * changes committed in between were not seen.
		 */
		RECONNECTED

	}

}
