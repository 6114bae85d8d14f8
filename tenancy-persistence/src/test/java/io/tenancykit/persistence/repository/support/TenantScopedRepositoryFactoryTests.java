package io.tenancykit.persistence.repository.support;

import java.time.Duration;
import java.util.UUID;

import io.r2dbc.postgresql.PostgresqlConnectionConfiguration;
import io.r2dbc.postgresql.PostgresqlConnectionFactory;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedCrudRepository;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.support.RecordingConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.data.annotation.Id;
import org.springframework.data.mapping.MappingException;
import org.springframework.data.r2dbc.repository.Query;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Creating a repository fails at startup, naming the method, for every query method that
 * could run without the tenant — and never touches the database.
 */
class TenantScopedRepositoryFactoryTests {

	private final RecordingConnectionFactory connections = new RecordingConnectionFactory(
			new PostgresqlConnectionFactory(PostgresqlConnectionConfiguration.builder()
				.host("127.0.0.1")
				.port(1)
				.username("nobody")
				.connectTimeout(Duration.ofMillis(100))
				.build()));

	private final TenantScopedRepositoryFactory factory = new TenantScopedRepositoryFactory(
			TenantScopedTemplate.create(DatabaseClient.create(this.connections), RowLevelSecurity.ENABLED));

	@AfterEach
	void noConnectionWasTaken() {
		assertThat(this.connections.acquisitions()).isZero();
	}

	@Test
	void createsAWellFormedRepository() {
		assertThat(this.factory.getRepository(TaskRepository.class)).isInstanceOf(TaskRepository.class);
	}

	@Test
	void refusesAQueryMethodWithoutTheContext() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.factory.getRepository(MissingContext.class))
			.withStackTraceContaining(
					"MissingContext.findByTitle(String) must take a TenantContext as its first parameter");
	}

	@Test
	void refusesAQueryMethodWithTheContextElsewhere() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.factory.getRepository(ContextLast.class))
			.withStackTraceContaining(
					"ContextLast.findByTitle(String, TenantContext) must take a TenantContext as its first parameter");
	}

	@Test
	void refusesAnAnnotatedQueryThatDoesNotBindTheTenant() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.factory.getRepository(UnboundQuery.class))
			.withStackTraceContaining("@Query of UnboundQuery.titled(TenantContext, String) must restrict tenant_id"
					+ " with the named parameter :tenant_id");
	}

	@Test
	void refusesAnAnnotatedQueryThatDeclaresTheTenantParameter() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.factory.getRepository(DeclaredTenantParameter.class))
			.withStackTraceContaining("Parameter tenant_id of DeclaredTenantParameter.spoof(TenantContext, UUID)"
					+ " must not be declared");
	}

	@Test
	void refusesADerivedQueryOnTheTenantProperty() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.factory.getRepository(TenantConstrained.class))
			.withStackTraceContaining("TenantConstrained.findByOwner(TenantContext, UUID) must not constrain the"
					+ " tenant property 'owner'");
	}

	@Test
	void refusesADerivedQueryOnAnUnknownProperty() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.factory.getRepository(UnknownProperty.class))
			.withStackTraceContaining("UnknownProperty.findByColour(TenantContext, String)")
			.withStackTraceContaining("colour");
	}

	@Test
	void refusesADeleteQueryWithAnEntityResult() {
		assertThatExceptionOfType(RuntimeException.class)
			.isThrownBy(() -> this.factory.getRepository(WrongDeleteResult.class))
			.withStackTraceContaining("WrongDeleteResult.deleteByTitle(TenantContext, String) must return"
					+ " Mono<Long>, Mono<Integer>, Mono<Boolean> or Mono<Void>");
	}

	@Test
	void refusesAnEntityWithoutATenantProperty() {
		assertThatExceptionOfType(MappingException.class)
			.isThrownBy(() -> this.factory.getRepository(GlobalRepository.class))
			.withMessageContaining("Entity " + Global.class.getName() + " is not tenant-owned");
	}

	@Test
	void refusesANullContextBeforeAnyIo() {
		TaskRepository tasks = this.factory.getRepository(TaskRepository.class);
		// Spring Data's nullness check of @NullMarked repositories refuses it first.
		assertThatIllegalArgumentException().isThrownBy(() -> tasks.findByTitle(null, "x"))
			.withMessageContaining("Parameter tenant in TaskRepository.findByTitle(")
			.withMessageContaining("must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> tasks.findById(null, 1L))
			.withMessageContaining("must not be null");
	}

	interface MissingContext extends TenantScopedCrudRepository<Task, Long> {

		Flux<Task> findByTitle(String title);

	}

	interface ContextLast extends TenantScopedCrudRepository<Task, Long> {

		Flux<Task> findByTitle(String title, TenantContext tenant);

	}

	interface UnboundQuery extends TenantScopedCrudRepository<Task, Long> {

		@Query("SELECT * FROM test_task WHERE title = :title")
		Flux<Task> titled(TenantContext tenant, String title);

	}

	interface DeclaredTenantParameter extends TenantScopedCrudRepository<Task, Long> {

		@Query("SELECT * FROM test_task WHERE tenant_id = :tenant_id")
		Flux<Task> spoof(TenantContext tenant, UUID tenant_id);

	}

	interface TenantConstrained extends TenantScopedCrudRepository<Task, Long> {

		Flux<Task> findByOwner(TenantContext tenant, UUID owner);

	}

	interface UnknownProperty extends TenantScopedCrudRepository<Task, Long> {

		Flux<Task> findByColour(TenantContext tenant, String colour);

	}

	interface WrongDeleteResult extends TenantScopedCrudRepository<Task, Long> {

		Flux<Task> deleteByTitle(TenantContext tenant, String title);

	}

	@Table("test_global")
	record Global(@Id Long id, String name) {
	}

	interface GlobalRepository extends TenantScopedCrudRepository<Global, Long> {

	}

}
