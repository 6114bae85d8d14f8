package io.tenancykit.persistence.support;

import java.util.UUID;

import io.tenancykit.api.TenantId;
import io.tenancykit.persistence.repository.OwningTenant;
import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Transient;
import org.springframework.data.domain.Persistable;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The {@code test_note} table seen through a {@link Persistable}: the application assigns
 * the id and says whether the memo is new, and the tenant property is named {@code owner}
 * and marked with {@link OwningTenant}.
 */
@Table("test_note")
public final class Memo implements Persistable<UUID> {

	@Id
	private final UUID id;

	@OwningTenant
	@Column("tenant_id")
	private final @Nullable TenantId owner;

	private final String body;

	@Transient
	private final boolean fresh;

	@PersistenceCreator
	Memo(UUID id, @Nullable TenantId owner, String body) {
		this(id, owner, body, false);
	}

	private Memo(UUID id, @Nullable TenantId owner, String body, boolean fresh) {
		this.id = id;
		this.owner = owner;
		this.body = body;
		this.fresh = fresh;
	}

	/**
	 * Create a memo to insert.
	 */
	public static Memo create(UUID id, @Nullable TenantId owner, String body) {
		return new Memo(id, owner, body, true);
	}

	@Override
	public UUID getId() {
		return this.id;
	}

	@Override
	public boolean isNew() {
		return this.fresh;
	}

	public @Nullable TenantId owner() {
		return this.owner;
	}

	public String body() {
		return this.body;
	}

	public Memo withBody(String body) {
		return new Memo(this.id, this.owner, body, this.fresh);
	}

	Memo withOwner(@Nullable TenantId owner) {
		return new Memo(this.id, owner, this.body, this.fresh);
	}

	@Override
	public String toString() {
		return "Memo[id=" + this.id + ", owner=" + this.owner + ", body=" + this.body + ", new=" + this.fresh + "]";
	}

}
