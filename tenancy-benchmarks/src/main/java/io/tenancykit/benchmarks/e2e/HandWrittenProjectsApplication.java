package io.tenancykit.benchmarks.e2e;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * The sample's project API written by hand, without the kit: the tenant comes from a
 * header, is looked up in a map loaded once at startup, and every statement names it in
 * its {@code tenant_id} predicate. With {@code bench.e2e.mode=transaction} each request
 * instead runs the textbook row-level security transaction ({@code BEGIN; set_config;
 * statement; COMMIT}). Run from the shaded jar:
 * {@code java -cp benchmarks.jar io.tenancykit.benchmarks.e2e.HandWrittenProjectsApplication}.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class HandWrittenProjectsApplication {

	public static void main(String[] args) {
		SpringApplication.run(HandWrittenProjectsApplication.class, args);
	}

	/**
	 * The active tenants by key, read once: the benchmark never changes them while it
	 * runs.
	 * @param client the database client
	 * @return tenant ids by key
	 */
	@Bean
	TenantKeys tenantKeys(DatabaseClient client) {
		Map<String, UUID> keys = client.sql("SELECT key, id FROM tenancy_tenant WHERE status = 'ACTIVE'")
			.map((row) -> Map.entry(row.get("key", String.class), row.get("id", UUID.class)))
			.all()
			.collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
			.block();
		return new TenantKeys((keys != null) ? Map.copyOf(keys) : Map.of());
	}

	@Bean
	ProjectStatements projectStatements(DatabaseClient client, ReactiveTransactionManager transactions,
			@Value("${bench.e2e.mode:predicate}") String mode) {
		return switch (mode) {
			case "predicate" -> new ProjectStatements(client, null);
			case "transaction" -> new ProjectStatements(client, TransactionalOperator.create(transactions));
			default -> throw new IllegalArgumentException("'bench.e2e.mode' must be predicate or transaction");
		};
	}

}
