package io.tenancykit.web.bind;

import java.util.List;

import ch.qos.logback.classic.spi.ILoggingEvent;
import io.tenancykit.api.Tenant;
import io.tenancykit.api.TenantContext;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.logging.AccessLogWebFilter;
import io.tenancykit.web.logging.TenantLogging;
import io.tenancykit.web.problem.TenancyProblemExceptionHandler;
import io.tenancykit.web.problem.TenancyProblems;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolutionWebFilter;
import io.tenancykit.web.testsupport.InMemoryTenantDirectory;
import io.tenancykit.web.testsupport.LogCapture;
import io.tenancykit.web.testsupport.Problems;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.MethodParameter;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.MockServerConfigurer;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.adapter.WebHttpHandlerBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Annotated controllers receive the tenant as an explicit {@link TenantContext}
 * parameter.
 */
class TenantContextArgumentResolverTests {

	private final InMemoryTenantDirectory directory = new InMemoryTenantDirectory();

	private final Tenant acme = this.directory.add("acme");

	private final TenantResolutionWebFilter filter = new TenantResolutionWebFilter(this.directory,
			TenantResolutionSettings.defaults().withExcludedPaths(List.of("/public/**")));

	private WebTestClient.ControllerSpec controllers() {
		return WebTestClient.bindToController(new ProjectController())
			.argumentResolvers((resolvers) -> resolvers.addCustomResolver(new TenantContextArgumentResolver()))
			.webFilter(new AccessLogWebFilter(), this.filter);
	}

	private final WebTestClient client = controllers().apply(new MockServerConfigurer() {

		@Override
		public void beforeServerCreated(WebHttpHandlerBuilder builder) {
			builder.exceptionHandler(new TenancyProblemExceptionHandler());
		}

	}).build();

	@Test
	void passesTheResolvedTenantAsParameter() {
		this.client.get()
			.uri("/api/projects/7")
			.header("X-Tenant-ID", "acme")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.isEqualTo("project 7 of acme " + this.acme.id());
	}

	@Test
	void controllerLogEventsCarryTheTenantAndAccessLogNamesThePattern() {
		try (LogCapture logs = new LogCapture()) {
			this.client.get().uri("/api/projects/7").header("X-Tenant-ID", "acme").exchange().expectStatus().isOk();
			List<ILoggingEvent> controllerEvents = logs.events(ProjectController.class.getName());
			assertThat(controllerEvents).singleElement()
				.satisfies((event) -> assertThat(LogCapture.keyValue(event, TenantLogging.TENANT_ID))
					.isEqualTo(this.acme.id().toString()));
			assertThat(logs.events(AccessLogWebFilter.LOGGER_NAME)).singleElement()
				.satisfies((event) -> assertThat(LogCapture.keyValue(event, "path")).isEqualTo("/api/projects/{id}"));
		}
	}

	@Test
	void parameterWithoutResolvedTenantRendersMissingProblemThroughExceptionHandler() {
		Problems.assertProblem(this.client.get().uri("/public/info").exchange().expectStatus().isBadRequest(),
				TenantResolutionException.Missing.CODE);
	}

	@Test
	void parameterWithoutResolvedTenantRendersMissingProblemThroughControllerAdvice() {
		WebTestClient advised = controllers().controllerAdvice(new TenancyAdvice()).build();
		Problems.assertProblem(advised.get().uri("/public/info").exchange().expectStatus().isBadRequest(),
				TenantResolutionException.Missing.CODE);
	}

	@Test
	void filterRefusalsDoNotReachTheController() {
		Problems.assertProblem(this.client.get().uri("/api/projects/7").header("X-Tenant-ID", "nobody").exchange(),
				TenantResolutionException.Unknown.CODE);
	}

	@Test
	void supportsOnlyTenantContextParameters() throws NoSuchMethodException {
		TenantContextArgumentResolver resolver = new TenantContextArgumentResolver();
		MethodParameter tenant = new MethodParameter(
				ProjectController.class.getMethod("show", TenantContext.class, String.class), 0);
		MethodParameter id = new MethodParameter(
				ProjectController.class.getMethod("show", TenantContext.class, String.class), 1);
		assertThat(resolver.supportsParameter(tenant)).isTrue();
		assertThat(resolver.supportsParameter(id)).isFalse();
	}

	@RestController
	static class ProjectController {

		private static final Logger logger = LoggerFactory.getLogger(ProjectController.class);

		@GetMapping("/api/projects/{id}")
		public String show(TenantContext tenant, @PathVariable String id) {
			TenantLogging.atInfo(logger, tenant).log("Showing project");
			return "project " + id + " of " + tenant.tenantKey() + " " + tenant.tenantId();
		}

		@GetMapping("/public/info")
		public String info(TenantContext tenant) {
			return "info for " + tenant.tenantKey();
		}

	}

	@RestControllerAdvice
	static class TenancyAdvice {

		@ExceptionHandler
		ResponseEntity<ProblemDetail> handle(TenantResolutionException ex) {
			return TenancyProblems.toResponseEntity(ex, TenancyProblems.DEFAULT_RETRY_AFTER);
		}

	}

}
