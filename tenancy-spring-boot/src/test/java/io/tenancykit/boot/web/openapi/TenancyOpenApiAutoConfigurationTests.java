package io.tenancykit.boot.web.openapi;

import java.util.ArrayList;
import java.util.List;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import io.tenancykit.api.TenantContext;
import io.tenancykit.boot.testsupport.StubDatabase;
import io.tenancykit.boot.web.TenancyWebAutoConfiguration;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolverChain;
import org.junit.jupiter.api.Test;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.service.AbstractRequestService;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TenancyOpenApiAutoConfigurationTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(TenancyWebAutoConfiguration.class, TenancyOpenApiAutoConfiguration.class))
		.withUserConfiguration(StubDatabase.DirectoryConfiguration.class);

	@Test
	void documentsACustomisedHeaderAsTheRequiredParameterOfEveryTenantScopedOperation() {
		this.runner
			.withPropertyValues("tenancy.web.resolution.chain=header", "tenancy.web.resolution.header-name=X-Org")
			.run((context) -> {
				OpenAPI openApi = customised(context);
				for (Operation operation : tenantScoped(openApi)) {
					assertThat(headers(operation)).singleElement().satisfies((header) -> {
						assertThat(header.getIn()).isEqualTo("header");
						assertThat(header.getName()).isEqualTo("X-Org");
						assertThat(header.getRequired()).isTrue();
						assertThat(header.getSchema().getPattern())
							.isEqualTo(TenancyOpenApiCustomizer.TENANT_KEY_PATTERN);
					});
					assertThat(operation.getServers()).isNull();
					assertThat(operation.getExtensions()).containsEntry(TenancyOpenApiCustomizer.SOURCES_EXTENSION,
							List.of("header"));
					assertThat(operation.getResponses()).containsKeys("200", "400", "403", "404", "503");
					assertThat(operation.getResponses()
						.get("503")
						.getHeaders()
						.get("Retry-After")
						.getSchema()
						.getDefault()).isEqualTo(5);
					assertThat(operation.getResponses().get("403").getContent().get(PROBLEM_JSON).getExamples())
						.containsOnlyKeys("tenant-suspended");
				}
				assertThat(openApi.getComponents().getSchemas()).containsKey(TenantProblemResponses.SCHEMA_NAME);
			});
	}

	@Test
	void documentsTheHeaderAsOptionalWhenTheClaimCouldSupplyTheTenant() {
		// spring-security-core is on the test classpath, so the default chain reads
		// claims.
		this.runner.withPropertyValues("tenancy.web.resolution.claim-name=org").run((context) -> {
			for (Operation operation : tenantScoped(customised(context))) {
				assertThat(headers(operation)).singleElement()
					.satisfies((header) -> assertThat(header.getRequired()).isFalse());
				assertThat(operation.getDescription()).contains("`org` claim");
				assertThat(operation.getExtensions()).containsEntry(TenancyOpenApiCustomizer.SOURCES_EXTENSION,
						List.of("claim", "header"));
				assertThat(operation.getResponses().get("403").getContent().get(PROBLEM_JSON).getExamples())
					.containsOnlyKeys("tenant-claim-missing", "tenant-suspended");
			}
		});
	}

	@Test
	void leavesOutTheMissingClaimWhenTheClaimIsNotRequired() {
		this.runner.withPropertyValues("tenancy.web.resolution.require-claim=false").run((context) -> {
			for (Operation operation : tenantScoped(customised(context))) {
				assertThat(operation.getResponses().get("403").getContent().get(PROBLEM_JSON).getExamples())
					.containsOnlyKeys("tenant-suspended");
			}
		});
	}

	@Test
	void documentsThePathPrefixAsTheOperationServer() {
		this.runner
			.withPropertyValues("tenancy.web.resolution.chain=path", "tenancy.web.resolution.path-prefix=/org",
					"spring.webflux.base-path=/svc")
			.run((context) -> {
				for (Operation operation : tenantScoped(customised(context))) {
					assertThat(headers(operation)).isEmpty();
					assertThat(operation.getServers()).extracting(Server::getUrl).containsExactly("/svc/org/{tenant}");
					assertThat(operation.getServers().get(0).getVariables()).containsKey("tenant");
				}
			});
	}

	@Test
	void offersThePlainPathNextToThePrefixWhenTheHeaderCouldSupplyTheTenant() {
		this.runner.withPropertyValues("tenancy.web.resolution.chain=header,path").run((context) -> {
			for (Operation operation : tenantScoped(customised(context))) {
				assertThat(operation.getServers()).extracting(Server::getUrl).containsExactly("/t/{tenant}", "/");
				assertThat(headers(operation)).singleElement()
					.satisfies((header) -> assertThat(header.getRequired()).isFalse());
			}
		});
	}

	@Test
	void describesAClaimThatIsTheOnlySource() {
		this.runner.withPropertyValues("tenancy.web.resolution.chain=claim", "tenancy.web.resolution.claim-name=org")
			.run((context) -> {
				for (Operation operation : tenantScoped(customised(context))) {
					assertThat(headers(operation)).isEmpty();
					assertThat(operation.getServers()).isNull();
					assertThat(operation.getDescription()).contains("`org` claim of the authenticated principal");
					assertThat(operation.getResponses()).containsKeys("400", "403", "404", "503");
				}
			});
	}

	@Test
	void describesTheSubdomainSource() {
		this.runner
			.withPropertyValues("tenancy.web.resolution.chain=subdomain",
					"tenancy.web.resolution.base-domains=example.com")
			.run((context) -> {
				for (Operation operation : tenantScoped(customised(context))) {
					assertThat(headers(operation)).isEmpty();
					assertThat(operation.getDescription()).contains("host name under `example.com`");
				}
			});
	}

	@Test
	void leavesOperationsOnExcludedPathsUntouched() {
		this.runner.withPropertyValues("tenancy.web.resolution.excluded-paths=/actuator/**,/public/**")
			.run((context) -> {
				OpenAPI openApi = openApi();
				openApi.getPaths().addPathItem("/public/status", new PathItem().get(operation("status")));
				context.getBean(TenancyOpenApiCustomizer.class).customise(openApi);
				for (String path : List.of("/actuator/health", "/public/status")) {
					Operation operation = openApi.getPaths().get(path).getGet();
					assertThat(operation.getParameters()).isNull();
					assertThat(operation.getDescription()).isNull();
					assertThat(operation.getExtensions()).isNull();
					assertThat(operation.getResponses()).containsOnlyKeys("200");
				}
			});
	}

	@Test
	void keepsAResponseTheApplicationDocumentsAndAddsTheProblemContent() {
		this.runner.run((context) -> {
			OpenAPI openApi = openApi();
			Operation get = openApi.getPaths().get("/api/things/{id}").getGet();
			get.getResponses().addApiResponse("404", new ApiResponse().description("No such thing"));
			context.getBean(TenancyOpenApiCustomizer.class).customise(openApi);
			assertThat(get.getResponses().get("404").getDescription()).isEqualTo("No such thing");
			assertThat(get.getResponses().get("404").getContent().get(PROBLEM_JSON).getExamples())
				.containsOnlyKeys("not-found", "tenant-unknown");
		});
	}

	@Test
	void hidesTenantContextParameters() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(TenancyOpenApiAutoConfiguration.class);
			assertThat(AbstractRequestService.isRequestTypeToIgnore(TenantContext.class)).isTrue();
		});
	}

	@Test
	void backsOffWithoutSpringdoc() {
		this.runner.withClassLoader(new FilteredClassLoader(GlobalOpenApiCustomizer.class)).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).hasSingleBean(TenantResolverChain.class);
			assertThat(context).doesNotHaveBean(TenancyOpenApiAutoConfiguration.class);
			assertThat(context).doesNotHaveBean(TenancyOpenApiCustomizer.class);
		});
	}

	@Test
	void backsOffWhenTheWebLayerIsDisabled() {
		this.runner.withPropertyValues("tenancy.web.enabled=false").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(TenancyOpenApiAutoConfiguration.class);
			assertThat(context).doesNotHaveBean(TenancyOpenApiCustomizer.class);
		});
	}

	@Test
	void documentsNothingWithoutAResolutionFilter() {
		new ReactiveWebApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(TenancyWebAutoConfiguration.class, TenancyOpenApiAutoConfiguration.class))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).hasSingleBean(TenantResolutionSettings.class);
				assertThat(context).doesNotHaveBean(TenancyOpenApiCustomizer.class);
			});
	}

	@Test
	void backsOffForACustomizerOfTheApplication() {
		this.runner.withUserConfiguration(OwnCustomizer.class).run((context) -> {
			assertThat(context).hasSingleBean(TenancyOpenApiCustomizer.class);
			assertThat(context).hasBean("ownTenancyOpenApiCustomizer");
		});
	}

	private static OpenAPI customised(AssertableReactiveWebApplicationContext context) {
		assertThat(context).hasNotFailed();
		OpenAPI openApi = openApi();
		context.getBean(TenancyOpenApiCustomizer.class).customise(openApi);
		return openApi;
	}

	private static List<Parameter> headers(Operation operation) {
		return (operation.getParameters() != null)
				? operation.getParameters().stream().filter((parameter) -> "header".equals(parameter.getIn())).toList()
				: List.of();
	}

	private static List<Operation> tenantScoped(OpenAPI openApi) {
		List<Operation> operations = new ArrayList<>();
		openApi.getPaths().forEach((path, item) -> {
			if (path.startsWith("/api/")) {
				operations.addAll(item.readOperations());
			}
		});
		assertThat(operations).hasSize(3);
		return operations;
	}

	/** Two tenant-scoped paths with three operations, and Actuator's health. */
	private static OpenAPI openApi() {
		Paths paths = new Paths();
		paths.addPathItem("/api/things", new PathItem().get(operation("list")).post(operation("create")));
		paths.addPathItem("/api/things/{id}", new PathItem()
			.get(operation("get").addParametersItem(new Parameter().in("path").name("id").required(true))));
		paths.addPathItem("/actuator/health", new PathItem().get(operation("health")));
		return new OpenAPI().paths(paths);
	}

	private static Operation operation(String id) {
		return new Operation().operationId(id)
			.responses(new ApiResponses().addApiResponse("200", new ApiResponse().description("OK")));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnCustomizer {

		@Bean
		TenancyOpenApiCustomizer ownTenancyOpenApiCustomizer(TenantResolutionSettings settings,
				TenantResolverChain chain) {
			return new TenancyOpenApiCustomizer(settings, chain, "");
		}

	}

}
