package io.tenancykit.boot.web.openapi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.servers.ServerVariable;
import io.swagger.v3.oas.models.servers.ServerVariables;
import io.tenancykit.api.TenantKey;
import io.tenancykit.api.TenantResolutionException;
import io.tenancykit.web.resolution.TenantReferenceFormat;
import io.tenancykit.web.resolution.TenantResolutionSettings;
import io.tenancykit.web.resolution.TenantResolver;
import io.tenancykit.web.resolution.TenantResolverChain;
import io.tenancykit.web.resolution.TenantSource;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;

import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Documents on every tenant-scoped operation of the OpenAPI description (every operation
 * whose path matches no {@link TenantResolutionSettings#excludedPaths() excluded path})
 * how the tenant is passed, as the resolver chain actually built reads it, and the
 * problems the kit can answer. Operations on excluded paths are left as they are.
 * <ul>
 * <li>The header source becomes a header parameter, required when no other source of the
 * chain could supply the tenant.</li>
 * <li>The path source becomes an operation server {@code {base-path}{prefix}/{tenant}},
 * next to the plain base path when another source could supply the tenant.</li>
 * <li>The subdomain and claim sources, which a client cannot express as a parameter, are
 * described in the operation's description.</li>
 * </ul>
 * Every tenant-scoped operation also lists its sources, in chain order, in the
 * {@value #SOURCES_EXTENSION} extension.
 */
public final class TenancyOpenApiCustomizer implements GlobalOpenApiCustomizer {

	/** The operation extension that lists the tenant sources in chain order. */
	public static final String SOURCES_EXTENSION = "x-tenancy-sources";

	/**
	 * The pattern (ECMA 262, as in JSON Schema) of a canonical {@link TenantKey}: a
	 * lowercase DNS label without the reserved {@code ??--} form.
	 */
	public static final String TENANT_KEY_PATTERN = "^(?!..--)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$";

	private static final String TENANT_VARIABLE = "tenant";

	private final TenantResolutionSettings settings;

	private final List<String> sources;

	private final List<PathPattern> excludedPaths;

	private final String basePath;

	private final TenantProblemResponses problems;

	/**
	 * Create a customizer.
	 * @param settings the resolution settings, must not be {@literal null}
	 * @param chain the resolver chain the resolution filter consults, must not be
	 * {@literal null}
	 * @param basePath the base path of the application
	 * ({@code spring.webflux.base-path}), empty for none, must not be {@literal null}
	 */
	public TenancyOpenApiCustomizer(TenantResolutionSettings settings, TenantResolverChain chain, String basePath) {
		this.settings = Objects.requireNonNull(settings, "'settings' must not be null");
		this.sources = Objects.requireNonNull(chain, "'chain' must not be null")
			.resolvers()
			.stream()
			.map(TenantResolver::source)
			.toList();
		this.basePath = Objects.requireNonNull(basePath, "'basePath' must not be null");
		this.excludedPaths = settings.excludedPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
		// tenant-claim-missing can only be answered when the claim is read and required.
		boolean claimRequired = has(TenantSource.CLAIM) && settings.requireClaim();
		this.problems = new TenantProblemResponses(settings.retryAfter(),
				(code) -> claimRequired || !TenantResolutionException.ClaimMissing.CODE.equals(code));
	}

	@Override
	public void customise(OpenAPI openApi) {
		if (openApi.getPaths() == null) {
			return;
		}
		boolean documented = false;
		for (Map.Entry<String, PathItem> path : openApi.getPaths().entrySet()) {
			if (isExcluded(path.getKey())) {
				continue;
			}
			for (Operation operation : path.getValue().readOperations()) {
				document(operation);
				documented = true;
			}
		}
		if (documented) {
			this.problems.registerSchema(openApi);
		}
	}

	private boolean isExcluded(String path) {
		PathContainer container = PathContainer.parsePath(path);
		return this.excludedPaths.stream().anyMatch((pattern) -> pattern.matches(container));
	}

	private void document(Operation operation) {
		if (has(TenantSource.HEADER)) {
			addHeaderParameter(operation);
		}
		if (has(TenantSource.PATH) && (operation.getServers() == null || operation.getServers().isEmpty())) {
			operation.setServers(pathServers());
		}
		String note = note();
		operation.setDescription((operation.getDescription() == null || operation.getDescription().isBlank()) ? note
				: operation.getDescription() + "\n\n" + note);
		operation.addExtension(SOURCES_EXTENSION, this.sources);
		this.problems.addTo(operation);
	}

	private void addHeaderParameter(Operation operation) {
		String name = this.settings.headerName();
		if (operation.getParameters() != null && operation.getParameters()
			.stream()
			.anyMatch(
					(parameter) -> "header".equals(parameter.getIn()) && name.equalsIgnoreCase(parameter.getName()))) {
			return;
		}
		boolean required = this.sources.size() == 1;
		String description = "The tenant of the request, " + form(this.settings.headerFormat()) + "."
				+ (required ? "" : " Optional when " + others(TenantSource.HEADER) + " supplies the tenant; "
						+ "sources that both supply one must agree.");
		operation.addParametersItem(new Parameter().in("header")
			.name(name)
			.required(required)
			.description(description)
			.schema(schema(this.settings.headerFormat())));
	}

	private List<Server> pathServers() {
		List<Server> servers = new ArrayList<>();
		ServerVariables variables = new ServerVariables();
		variables.addServerVariable(TENANT_VARIABLE,
				new ServerVariable()._default(TENANT_VARIABLE).description("The tenant key."));
		servers.add(new Server().url(this.basePath + this.settings.pathPrefix() + "/{" + TENANT_VARIABLE + "}")
			.description("The tenant in the path prefix")
			.variables(variables));
		if (this.sources.size() > 1) {
			servers.add(new Server().url(this.basePath.isEmpty() ? "/" : this.basePath)
				.description("The tenant from " + others(TenantSource.PATH)));
		}
		return servers;
	}

	private String note() {
		List<String> parts = new ArrayList<>();
		for (String source : this.sources) {
			parts.add(describe(source));
		}
		return "Tenant-scoped: the tenant is taken from " + String.join("; ", parts)
				+ ". Sources that supply a tenant must agree. Requests without a usable tenant are answered "
				+ "with the problems below.";
	}

	private String describe(String source) {
		if (source.equals(TenantSource.HEADER.sourceName())) {
			return "the `" + this.settings.headerName() + "` header, " + form(this.settings.headerFormat());
		}
		if (source.equals(TenantSource.PATH.sourceName())) {
			return "the path prefix `" + this.settings.pathPrefix() + "/{tenant}` before the path, a tenant key";
		}
		if (source.equals(TenantSource.SUBDOMAIN.sourceName())) {
			return "the first label of the host name under "
					+ String.join(" or ",
							this.settings.baseDomains().stream().map((domain) -> "`" + domain + "`").toList())
					+ ", a tenant key (as in `acme." + this.settings.baseDomains().get(0) + "`)";
		}
		if (source.equals(TenantSource.CLAIM.sourceName())) {
			return "the `" + this.settings.claimName() + "` claim of the authenticated principal, "
					+ form(this.settings.claimFormat())
					+ " (verified: a client-supplied tenant that differs is answered as `tenant-unknown`)";
		}
		return "the `" + source + "` source";
	}

	private String others(TenantSource except) {
		return String.join(" or ",
				this.sources.stream()
					.filter((source) -> !source.equals(except.sourceName()))
					.map(TenancyOpenApiCustomizer::sourcePhrase)
					.toList());
	}

	private static String sourcePhrase(String source) {
		if (source.equals(TenantSource.CLAIM.sourceName())) {
			return "the authenticated principal's claim";
		}
		return "the " + source + " source";
	}

	private boolean has(TenantSource source) {
		return this.sources.contains(source.sourceName());
	}

	private static String form(TenantReferenceFormat format) {
		return switch (format) {
			case KEY -> "a tenant key (lowercase DNS label)";
			case ID -> "a tenant id (canonical UUID)";
			case KEY_OR_ID -> "a tenant key or id (a 36-character UUID is an id)";
		};
	}

	private static StringSchema schema(TenantReferenceFormat format) {
		StringSchema schema = new StringSchema();
		switch (format) {
			case KEY -> schema.pattern(TENANT_KEY_PATTERN).minLength(1).maxLength(TenantKey.MAX_LENGTH);
			case ID -> schema.format("uuid").minLength(36).maxLength(36);
			case KEY_OR_ID -> schema.minLength(1).maxLength(TenantKey.MAX_LENGTH);
		}
		return schema;
	}

}
