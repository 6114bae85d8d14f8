package io.tenancykit.persistence.repository;

import java.util.function.Function;

import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import io.tenancykit.persistence.rls.TenantSettingMode;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Runs the data-modifying operations of {@link TenantScopedTemplate} with the tenant
 * setting of row-level security, in the template's {@link TenantSettingMode}: generated
 * statements set it inline in {@link TenantSettingMode#INLINE} (ADR-021); in
 * {@link TenantSettingMode#CITUS} they run in a transaction that starts with
 * {@code SET LOCAL} (ADR-023); {@link TenantSettingMode#AUTO} asks the database once.
 */
final class TenantSettingRunner {

	private final DatabaseClient client;

	private final RowLevelSecurity rowLevelSecurity;

	private final TenantSettingMode settingMode;

	private final TransactionalOperator transactionalOperator;

	private volatile @Nullable TenantSettingMode detectedSettingMode;

	TenantSettingRunner(DatabaseClient client, RowLevelSecurity rowLevelSecurity, TenantSettingMode settingMode,
			TransactionalOperator transactionalOperator) {
		this.client = client;
		this.rowLevelSecurity = rowLevelSecurity;
		this.settingMode = settingMode;
		this.transactionalOperator = transactionalOperator;
	}

	/**
	 * Build and run a data-modifying operation for the template's mode; in
	 * {@link TenantSettingMode#CITUS} it runs in a transaction (the caller's, if any)
	 * that first sets the tenant with {@code SET LOCAL}. Once the mode is known the
	 * statement is built at once, as it was before modes existed.
	 * @param <R> the result type
	 * @param context the tenant context
	 * @param operation the operation, built for a mode
	 * @return the result of the operation
	 */
	<R> Mono<R> run(TenantContext context, Function<TenantSettingMode, Mono<R>> operation) {
		TenantSettingMode known = knownMode();
		if (known != null) {
			return run(context, known, operation.apply(known));
		}
		return detectedMode().flatMap((mode) -> run(context, mode, operation.apply(mode)));
	}

	/**
	 * Run a statement of the caller's own, which cannot set the tenant inline: with
	 * row-level security, in a transaction (joining the caller's, if any) that first sets
	 * the tenant setting.
	 * @param <R> the result type
	 * @param context the tenant context
	 * @param statement the statement
	 * @return the result of the statement
	 */
	<R> Mono<R> runInTransaction(TenantContext context, Mono<R> statement) {
		if (!this.rowLevelSecurity.isEnabled()) {
			return statement;
		}
		return run(context, (mode) -> {
			if (mode == TenantSettingMode.CITUS) {
				return statement;
			}
			Mono<Void> setTenant = this.client.sql(TenantSetting.SET_LOCAL)
				.bind(0, context.tenantId().value().toString())
				.then();
			return this.transactionalOperator.transactional(setTenant.then(statement));
		});
	}

	/**
	 * Return the mode data-modifying statements are built for:
	 * {@link TenantSettingMode#INLINE} or {@link TenantSettingMode#CITUS}, or
	 * {@literal null} while {@code AUTO} has not detected one yet.
	 */
	private @Nullable TenantSettingMode knownMode() {
		if (!this.rowLevelSecurity.isEnabled()) {
			return TenantSettingMode.INLINE;
		}
		return (this.settingMode != TenantSettingMode.AUTO) ? this.settingMode : this.detectedSettingMode;
	}

	private Mono<TenantSettingMode> detectedMode() {
		return TenantSettingMode.detect(this.client, TenantSettingMode.DETECTION_TIMEOUT)
			.doOnNext((mode) -> this.detectedSettingMode = mode);
	}

	private <R> Mono<R> run(TenantContext context, TenantSettingMode mode, Mono<R> operation) {
		if (!this.rowLevelSecurity.isEnabled() || mode != TenantSettingMode.CITUS) {
			return operation;
		}
		return this.transactionalOperator.transactional(setTenantLocally(context).then(operation));
	}

	private Mono<Void> setTenantLocally(TenantContext context) {
		// SET takes no bind parameters, so the tenant id is a literal here; that is safe
		// only because it is the kit's java.util.UUID rendered by UUID.toString(), never
		// text from a caller (see TenantSetting.setLocal).
		return this.client.sql(TenantSetting.setLocal(context.tenantId().value())).then();
	}

}
