package io.tenancykit.persistence.repository.support;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import io.tenancykit.api.NotFoundInTenantException;
import io.tenancykit.api.TenantContext;
import io.tenancykit.persistence.repository.TenantScopedTemplate;
import io.tenancykit.persistence.rls.RowLevelSecurity;
import io.tenancykit.persistence.rls.TenantSetting;
import io.tenancykit.persistence.rls.TenantSettingMode;
import io.tenancykit.persistence.support.RecordingConnectionFactory;
import io.tenancykit.persistence.support.TenantFixture;
import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.domain.Limit;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Repository interfaces against PostgreSQL as the application role, with both walls:
 * CRUD, derived and {@code @Query} methods, each bound to the tenant of its context, and
 * transactions spanning two repositories.
 */
@PostgresTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantScopedCrudRepositoryIntegrationTests {

	private static final Duration TIMEOUT = TenantFixture.TIMEOUT;

	private static final Pattern TENANT_PREDICATE = Pattern.compile("tenant_id\"? = \\$1\\b");

	private static final String INLINE_SETTING = "(SELECT set_config('" + TenantSetting.NAME
			+ "', CAST($1 AS text), true)) IS NOT NULL";

	private PostgresDatabase db;

	@AutoClose
	private TenantFixture fixture;

	private RecordingConnectionFactory recording;

	private TaskRepository tasks;

	private TaskLabelRepository labels;

	private TransactionalOperator transactions;

	private TenantContext alpha;

	private TenantContext beta;

	@BeforeAll
	void setUp(PostgresDatabase db) throws SQLException {
		this.fixture = TenantFixture.open(db, 2);
		this.db = db;
		this.recording = new RecordingConnectionFactory(this.fixture.pool());
		// AUTO: inline on one server, SET LOCAL for writes on Citus (-Pcitus).
		TenantScopedTemplate template = TenantScopedTemplate.create(DatabaseClient.create(this.recording),
				RowLevelSecurity.ENABLED, TenantSettingMode.AUTO);
		TenantScopedRepositoryFactory factory = new TenantScopedRepositoryFactory(template);
		this.tasks = factory.getRepository(TaskRepository.class);
		this.labels = factory.getRepository(TaskLabelRepository.class);
		this.transactions = TransactionalOperator.create(new R2dbcTransactionManager(this.recording));
		this.alpha = this.fixture.alpha();
		this.beta = this.fixture.beta();
	}

	@BeforeEach
	void clear() {
		for (TenantContext tenant : List.of(this.alpha, this.beta)) {
			StepVerifier.create(this.labels.deleteAll(tenant).then(this.tasks.deleteAll(tenant)))
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
		}
		this.recording.clear();
	}

	@Test
	void savesANewEntityWithADatabaseGeneratedIdAndTheContextsTenant() {
		Task saved = this.tasks.save(this.alpha, Task.of("write tests", false, 2)).block(TIMEOUT);
		assertThat(saved).isNotNull();
		assertThat(saved.id()).isNotNull();
		assertThat(saved.owner()).isEqualTo(this.alpha.tenantId().value());
		assertThat(saved.version()).isZero();
		StepVerifier.create(this.tasks.findById(this.alpha, saved.id()))
			.expectNext(saved)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.findById(this.beta, saved.id())).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.tasks.existsById(this.beta, saved.id()))
			.expectNext(false)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void updatesWithTheVersionInOneStatementAndRefusesStaleOnes() {
		Task saved = this.tasks.save(this.alpha, Task.of("draft", false, 1)).block(TIMEOUT);
		assertThat(saved).isNotNull();
		Task renamed = this.tasks.save(this.alpha, saved.withTitle("final")).block(TIMEOUT);
		assertThat(renamed).isNotNull();
		assertThat(renamed.version()).isEqualTo(1L);
		assertThat(renamed.title()).isEqualTo("final");
		StepVerifier.create(this.tasks.save(this.alpha, saved.withTitle("stale")))
			.expectError(OptimisticLockingFailureException.class)
			.verify(TIMEOUT);
		// Another tenant naming the same id sees no row at all, not a conflict.
		Task foreign = new Task(saved.id(), null, "stolen", false, 1, renamed.version());
		StepVerifier.create(this.tasks.save(this.beta, foreign))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.findById(this.alpha, saved.id()).map(Task::title))
			.expectNext("final")
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void sortsAndPagesOnlyTheTenantsRows() {
		seed(this.alpha, "b", "a", "c");
		seed(this.beta, "aa", "ab");
		StepVerifier.create(this.tasks.findAll(this.alpha, Sort.by(Sort.Direction.DESC, "title")).map(Task::title))
			.expectNext("c", "b", "a")
			.expectComplete()
			.verify(TIMEOUT);
		Page<Task> page = this.tasks.findAll(this.alpha, PageRequest.of(1, 2, Sort.by("title"))).block(TIMEOUT);
		assertThat(page).isNotNull();
		assertThat(page.getTotalElements()).isEqualTo(3);
		assertThat(page.getContent()).extracting(Task::title).containsExactly("c");
		StepVerifier.create(this.tasks.count(this.beta)).expectNext(2L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void derivedQueriesAreBoundToTheTenant() {
		seed(this.alpha, "alpha one", "alpha two", "shared");
		seed(this.beta, "beta one", "shared");
		StepVerifier.create(this.tasks.findByTitleContaining(this.alpha, "o", Sort.by("title")).map(Task::title))
			.expectNext("alpha one", "alpha two")
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.findByTitle(this.beta, "shared").map(Task::owner))
			.expectNext(this.beta.tenantId().value())
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.existsByTitle(this.alpha, "beta one"))
			.expectNext(false)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.countByDone(this.alpha, false)).expectNext(3L).expectComplete().verify(TIMEOUT);
		// An Or in the method name cannot widen the result beyond the tenant.
		StepVerifier.create(this.tasks.findByDoneOrPriorityGreaterThan(this.alpha, false, -1).count())
			.expectNext(3L)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.deleteByTitle(this.alpha, "shared")).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.tasks.existsByTitle(this.beta, "shared"))
			.expectNext(true)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.deleteByDone(this.beta, false)).expectNext(2L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.tasks.count(this.alpha)).expectNext(2L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void derivedQueriesHonourTopFirstPageableAndLimit() {
		for (int i = 0; i < 5; i++) {
			this.tasks.save(this.alpha, Task.of("task " + i, i % 2 == 0, i)).block(TIMEOUT);
		}
		this.tasks.save(this.beta, Task.of("task z", true, 99)).block(TIMEOUT);
		StepVerifier.create(this.tasks.findFirstByDoneOrderByTitleDesc(this.alpha, true).map(Task::title))
			.expectNext("task 4")
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.findTop2ByDoneOrderByPriorityDesc(this.alpha, true).map(Task::priority))
			.expectNext(4, 2)
			.expectComplete()
			.verify(TIMEOUT);
		StepVerifier
			.create(this.tasks.findByDone(this.alpha, true, PageRequest.of(1, 2, Sort.by("priority")))
				.map(Task::priority))
			.expectNext(4)
			.expectComplete()
			.verify(TIMEOUT);
		Page<Task> page = this.tasks.findPageByDone(this.alpha, true, PageRequest.of(0, 2, Sort.by("priority")))
			.block(TIMEOUT);
		assertThat(page).isNotNull();
		assertThat(page.getTotalElements()).isEqualTo(3);
		assertThat(page.getContent()).extracting(Task::priority).containsExactly(0, 2);
		org.springframework.data.domain.Slice<Task> first = this.tasks
			.findSliceByDone(this.alpha, true, PageRequest.of(0, 2, Sort.by("priority")))
			.block(TIMEOUT);
		assertThat(first).isNotNull();
		assertThat(first.hasNext()).isTrue();
		assertThat(first.getContent()).extracting(Task::priority).containsExactly(0, 2);
		org.springframework.data.domain.Slice<Task> last = this.tasks
			.findSliceByDone(this.alpha, true, PageRequest.of(1, 2, Sort.by("priority")))
			.block(TIMEOUT);
		assertThat(last).isNotNull();
		assertThat(last.hasNext()).isFalse();
		assertThat(last.getContent()).extracting(Task::priority).containsExactly(4);
		StepVerifier
			.create(this.tasks.findByPriorityGreaterThanEqualOrderByPriority(this.alpha, 1, Limit.of(2))
				.map(Task::priority))
			.expectNext(1, 2)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void queryMethodsBindTheTenantParameter() {
		seed(this.alpha, "x1", "x2");
		seed(this.beta, "x3");
		StepVerifier.create(this.tasks.countTitled(this.alpha, "x%")).expectNext(2L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.tasks.completeFrom(this.beta, 0)).expectNext(1).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.tasks.countByDone(this.alpha, true)).expectNext(0L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.tasks.highPriority(this.alpha, 0).count())
			.expectNext(2L)
			.expectComplete()
			.verify(TIMEOUT);
	}

	@Test
	void everyStatementOfTheInterfaceBindsTheTenantAndSetsIt() {
		Task task = this.tasks.save(this.alpha, Task.of("audited", false, 3)).block(TIMEOUT);
		assertThat(task).isNotNull();
		Mono.when(this.tasks.save(this.alpha, task.withTitle("audited again")),
				this.tasks.findByTitleContaining(this.alpha, "audit", Sort.by("title")).then(),
				this.tasks.findFirstByDoneOrderByTitleDesc(this.alpha, false).then(),
				this.tasks.findByDone(this.alpha, false, PageRequest.of(0, 5)).then(),
				this.tasks.existsByTitle(this.alpha, "x"), this.tasks.countByDone(this.alpha, false),
				this.tasks.deleteByTitle(this.alpha, "nothing"), this.tasks.highPriority(this.alpha, 1).then(),
				this.tasks.findAll(this.alpha, PageRequest.of(0, 3)), this.tasks.deleteById(this.alpha, -1L))
			.block(TIMEOUT);
		List<String> statements = this.recording.statements();
		assertThat(statements).hasSizeGreaterThanOrEqualTo(12);
		// On Citus, writes run after SET LOCAL of the tenant in their transaction
		// (ADR-023); reads keep the inline setting, which the router sends to the shard.
		String citusSetting = TenantSetting.setLocal(this.alpha.tenantId().value());
		boolean citus = this.db.isCitus();
		for (String sql : statements) {
			if (sql.equals(TenantSetting.SET_LOCAL) || sql.equals(citusSetting) || sql.startsWith("INSERT")) {
				continue;
			}
			assertThat(sql).as(sql).containsPattern(TENANT_PREDICATE);
			if (!citus || sql.startsWith("SELECT")) {
				assertThat(sql).as(sql).contains("set_config('" + TenantSetting.NAME + "'");
			}
		}
		assertThat(statements).filteredOn((sql) -> sql.startsWith("SELECT") && !sql.equals(TenantSetting.SET_LOCAL))
			.allSatisfy((sql) -> assertThat(sql).contains(INLINE_SETTING));
		if (citus) {
			long writes = statements.stream()
				.filter((sql) -> sql.startsWith("INSERT") || sql.startsWith("UPDATE") || sql.startsWith("DELETE"))
				.count();
			assertThat(statements).filteredOn(citusSetting::equals).hasSize((int) writes);
			assertThat(statements).filteredOn((sql) -> sql.startsWith("INSERT"))
				.singleElement()
				.satisfies((sql) -> assertThat(sql).contains("VALUES ($1, "));
		}
		else {
			assertThat(statements).filteredOn((sql) -> sql.startsWith("INSERT"))
				.singleElement()
				.satisfies((sql) -> assertThat(sql).contains("SELECT $1, ").contains(INLINE_SETTING));
		}
	}

	@Test
	void aTransactionSpanningTwoRepositoriesRollsBackAsOne() {
		Mono<Void> work = this.tasks.save(this.alpha, Task.of("in transaction", false, 1))
			.flatMap((task) -> this.labels.save(this.alpha,
					new TaskLabel(this.alpha.tenantId(), null, java.util.Objects.requireNonNull(task.id()), "urgent")))
			.then(Mono.error(new IllegalStateException("roll back")));
		StepVerifier.create(this.transactions.transactional(work))
			.expectError(IllegalStateException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.tasks.count(this.alpha)).expectNext(0L).expectComplete().verify(TIMEOUT);
		StepVerifier.create(this.labels.count(this.alpha)).expectNext(0L).expectComplete().verify(TIMEOUT);
	}

	@Test
	void referencingAnotherTenantsRowThroughACompositeKeyLooksLikeAMissingRow() {
		Task betaTask = this.tasks.save(this.beta, Task.of("beta's", false, 1)).block(TIMEOUT);
		assertThat(betaTask).isNotNull();
		StepVerifier
			.create(this.labels.save(this.alpha,
					new TaskLabel(this.alpha.tenantId(), null, java.util.Objects.requireNonNull(betaTask.id()), "x")))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		Task alphaTask = this.tasks.save(this.alpha, Task.of("alpha's", false, 1)).block(TIMEOUT);
		assertThat(alphaTask).isNotNull();
		TaskLabel label = this.labels
			.save(this.alpha,
					new TaskLabel(this.alpha.tenantId(), null, java.util.Objects.requireNonNull(alphaTask.id()), "ok"))
			.block(TIMEOUT);
		assertThat(label).isNotNull();
		StepVerifier
			.create(this.labels.save(this.alpha, new TaskLabel(label.tenantId(), label.id(),
					java.util.Objects.requireNonNull(betaTask.id()), "moved")))
			.expectError(NotFoundInTenantException.class)
			.verify(TIMEOUT);
		StepVerifier.create(this.labels.findByTaskId(this.alpha, alphaTask.id()).map(TaskLabel::label))
			.expectNext("ok")
			.expectComplete()
			.verify(TIMEOUT);
	}

	private void seed(TenantContext tenant, String... titles) {
		for (String title : titles) {
			StepVerifier.create(this.tasks.save(tenant, Task.of(title, false, 0)))
				.expectNextCount(1)
				.expectComplete()
				.verify(TIMEOUT);
		}
	}

}
