package io.tenancykit.persistence.citus;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Column;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An account of the distributed fixture table {@code citus_account}: a database-generated
 * id and a version.
 */
@Table("citus_account")
record Account(@Id @Nullable Long id, @Column("tenant_id") @Nullable UUID owner, String name,
		@Version @Nullable Long version) {

	static Account named(String name) {
		return new Account(null, null, name, null);
	}

	Account withName(String newName) {
		return new Account(this.id, this.owner, newName, this.version);
	}

}
