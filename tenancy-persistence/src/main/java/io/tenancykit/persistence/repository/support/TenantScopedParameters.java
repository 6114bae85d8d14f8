package io.tenancykit.persistence.repository.support;

import java.util.List;

import io.tenancykit.api.TenantContext;

import org.springframework.core.MethodParameter;
import org.springframework.data.core.TypeInformation;
import org.springframework.data.relational.repository.query.RelationalParameters;
import org.springframework.data.repository.query.ParametersSource;

/**
 * The parameters of a tenant-scoped query method: the {@link TenantContext} is special,
 * like {@code Sort} or {@code Pageable}, so it is never bound as a query value.
 */
final class TenantScopedParameters extends RelationalParameters {

	TenantScopedParameters(ParametersSource source) {
		super(source, (parameter) -> new TenantScopedParameter(parameter, source.getDomainTypeInformation()));
	}

	private TenantScopedParameters(List<RelationalParameter> parameters) {
		super(parameters);
	}

	@Override
	protected RelationalParameters createFrom(List<RelationalParameter> parameters) {
		return new TenantScopedParameters(parameters);
	}

	/**
	 * A parameter that is special when it is the tenant context.
	 */
	static final class TenantScopedParameter extends RelationalParameter {

		private final boolean tenant;

		TenantScopedParameter(MethodParameter parameter, TypeInformation<?> domainType) {
			super(parameter, domainType);
			this.tenant = TenantContext.class.equals(parameter.getParameterType());
		}

		@Override
		public boolean isSpecialParameter() {
			return this.tenant || super.isSpecialParameter();
		}

	}

}
