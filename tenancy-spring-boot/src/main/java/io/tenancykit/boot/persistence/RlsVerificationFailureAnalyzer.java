package io.tenancykit.boot.persistence;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a startup that failed because the startup verification found that the database
 * does not keep tenants apart. The exception is matched by name, so that the analyzer
 * loads even when {@code tenancy-persistence} is not on the classpath.
 */
class RlsVerificationFailureAnalyzer implements FailureAnalyzer {

	static final String EXCEPTION = "io.tenancykit.persistence.verify.RlsVerificationException";

	private static final String ACTION = """
			Put every tenant-owned table under row-level security in a migration run by the table owner, for \
			example SELECT tenancy_enable_rls('my_table'); include tenant_id in its primary key, unique \
			indexes and foreign keys; and connect the application (spring.r2dbc.username) as a role that \
			owns no tenant table and is neither a superuser nor BYPASSRLS. To check only some tables, set \
			tenancy.persistence.verifier.tables.""";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals(EXCEPTION)) {
				return new FailureAnalysis(String.valueOf(cause.getMessage()), ACTION, cause);
			}
		}
		return null;
	}

}
