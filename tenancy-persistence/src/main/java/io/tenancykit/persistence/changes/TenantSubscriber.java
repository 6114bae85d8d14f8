package io.tenancykit.persistence.changes;

import java.util.ArrayDeque;

import io.tenancykit.api.TenantId;
import reactor.core.publisher.FluxSink;

/**
 * One subscriber of one tenant's stream, with its bounded buffer. Events are delivered
 * only as the subscriber requests them. When the buffer is full, its changes are
 * discarded and replaced by one {@link ChangeEvent.Resync Resync} marker, and further
 * changes are discarded while that marker waits: the re-read it asks for happens after
 * they were committed and covers them. The buffer thus never holds more than its
 * capacity.
 */
final class TenantSubscriber {

	private final TenantId tenantId;

	private final int capacity;

	private final FluxSink<ChangeEvent> sink;

	private final ArrayDeque<ChangeEvent> buffer = new ArrayDeque<>();

	// The listener connection whose start this subscriber was told of (0: none
	// yet). Until then it sees no changes: the SUBSCRIBED marker tells it to load
	// the state they change.
	private long generation;

	private boolean resyncPending;

	private boolean draining;

	TenantSubscriber(TenantId tenantId, int capacity, FluxSink<ChangeEvent> sink) {
		this.tenantId = tenantId;
		this.capacity = capacity;
		this.sink = sink;
	}

	TenantId tenantId() {
		return this.tenantId;
	}

	/**
	 * Tell the subscriber that the listener listens on connection {@code generation}: a
	 * new subscriber is asked to load its state, an old one to re-read it.
	 */
	synchronized void listening(long generation) {
		if (this.generation == generation) {
			return;
		}
		ChangeEvent.Reason reason = (this.generation == 0) ? ChangeEvent.Reason.SUBSCRIBED
				: ChangeEvent.Reason.RECONNECTED;
		this.generation = generation;
		resync(reason);
	}

	/**
	 * Buffer a change for delivery.
	 * @return whether the change overflowed the buffer
	 */
	synchronized boolean offer(ChangeEvent.Change change) {
		if (this.generation == 0 || this.resyncPending) {
			return false;
		}
		if (this.buffer.size() >= this.capacity) {
			resync(ChangeEvent.Reason.OVERFLOW);
			return true;
		}
		this.buffer.addLast(change);
		drain();
		return false;
	}

	synchronized void drain() {
		// A subscriber that requests more from within onNext re-enters here on the same
		// thread; the outer loop delivers what it asked for.
		if (this.draining) {
			return;
		}
		this.draining = true;
		try {
			while (!this.buffer.isEmpty() && this.sink.requestedFromDownstream() > 0 && !this.sink.isCancelled()) {
				ChangeEvent next = this.buffer.removeFirst();
				if (next instanceof ChangeEvent.Resync) {
					this.resyncPending = false;
				}
				this.sink.next(next);
			}
		}
		finally {
			this.draining = false;
		}
	}

	void complete() {
		this.sink.complete();
	}

	void error(Throwable failure) {
		this.sink.error(failure);
	}

	private void resync(ChangeEvent.Reason reason) {
		this.buffer.clear();
		this.buffer.addLast(new ChangeEvent.Resync(this.tenantId, reason));
		this.resyncPending = true;
		drain();
	}

}
