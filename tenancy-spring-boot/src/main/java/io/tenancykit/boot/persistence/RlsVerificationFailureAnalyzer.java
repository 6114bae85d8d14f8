package io.tenancykit.boot.persistence;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a startup that failed because the startup verification found that the database
 * does not keep tenants apart, or because PostgreSQL refused the application role access
 * to what the verification reads. The exception is matched by name, so that the analyzer
 * loads even when {@code tenancy-persistence} is not on the classpath.
 */
class RlsVerificationFailureAnalyzer implements FailureAnalyzer {

	static final String EXCEPTION = "io.tenancykit.persistence.verify.RlsVerificationException";

	// By name too: this class must not load R2DBC types either.
	static final String ACCESS_EXCEPTION = "io.tenancykit.boot.persistence.RlsVerificationAccessException";

	private static final String ACTION = """
			Put every tenant-owned table under row-level security in a migration run by the table owner, for \
			example SELECT tenancy_enable_rls('my_table'); include tenant_id in its primary key, unique \
			indexes and foreign keys; and connect the application (spring.r2dbc.username) as a role that \
			owns no tenant table and is neither a superuser nor BYPASSRLS. To check only some tables, set \
			tenancy.persistence.verifier.tables.""";

	private static final String ACCESS_ACTION = """
			The startup verifier reads, as the application role (spring.r2dbc.username), every table with a \
			tenant_id column in the schemas of the role's search_path (current_schemas(false)), or the tables \
			listed in tenancy.persistence.verifier.tables. Grant the role USAGE on the schema and SELECT on \
			the table named above (the application needs both to use it); or, if it belongs to another \
			application, take its schema out of the role's search_path, or list only this application's \
			tables in tenancy.persistence.verifier.tables (schema-qualified names work).""";

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals(EXCEPTION)) {
				return new FailureAnalysis(String.valueOf(cause.getMessage()), ACTION, cause);
			}
			if (cause.getClass().getName().equals(ACCESS_EXCEPTION)) {
				return new FailureAnalysis(String.valueOf(cause.getMessage()), ACCESS_ACTION, cause);
			}
		}
		return null;
	}

}
