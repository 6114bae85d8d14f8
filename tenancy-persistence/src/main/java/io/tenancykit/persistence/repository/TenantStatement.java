package io.tenancykit.persistence.repository;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.PreparedOperation;
import org.springframework.r2dbc.core.binding.BindTarget;
import org.springframework.r2dbc.core.binding.Bindings;

/**
 * A rendered statement and its bindings, as {@link DatabaseClient} runs them.
 *
 * @param sql the SQL
 * @param bindings its bindings
 */
record TenantStatement(String sql, Bindings bindings) implements PreparedOperation<String> {

	@Override
	public String getSource() {
		return this.sql;
	}

	@Override
	public void bindTo(BindTarget target) {
		this.bindings.apply(target);
	}

	@Override
	public String toQuery() {
		return this.sql;
	}

}
