package io.tenancykit.persistence.repository.support;

import java.util.List;
import java.util.Set;

import io.tenancykit.persistence.repository.TenantScopedCrudRepository;

import org.springframework.data.core.TypeInformation;
import org.springframework.data.repository.core.support.AbstractRepositoryMetadata;
import org.springframework.data.repository.core.support.RepositoryFragment;

/**
 * Repository metadata of an interface extending {@link TenantScopedCrudRepository}: its
 * domain and id types come from that interface's type arguments, since such interfaces
 * deliberately do not extend Spring Data's {@code Repository} (which would make Spring
 * Data R2DBC implement them without the tenant).
 */
final class TenantScopedRepositoryMetadata extends AbstractRepositoryMetadata {

	private final TypeInformation<?> domainType;

	private final TypeInformation<?> idType;

	TenantScopedRepositoryMetadata(Class<?> repositoryInterface) {
		super(repositoryInterface);
		if (!TenantScopedCrudRepository.class.isAssignableFrom(repositoryInterface)) {
			throw new IllegalArgumentException(
					repositoryInterface.getName() + " must extend " + TenantScopedCrudRepository.class.getName());
		}
		List<TypeInformation<?>> arguments = TypeInformation.of(repositoryInterface)
			.getRequiredSuperTypeInformation(TenantScopedCrudRepository.class)
			.getTypeArguments();
		if (arguments.size() != 2 || arguments.get(0) == null || arguments.get(1) == null) {
			throw new IllegalArgumentException(
					"Cannot resolve the entity and id types of " + repositoryInterface.getName()
							+ ": declare them, as in extends TenantScopedCrudRepository<Project, UUID>");
		}
		this.domainType = arguments.get(0);
		this.idType = arguments.get(1);
	}

	@Override
	public TypeInformation<?> getIdTypeInformation() {
		return this.idType;
	}

	@Override
	public TypeInformation<?> getDomainTypeInformation() {
		return this.domainType;
	}

	@Override
	public Set<RepositoryFragment<?>> getFragments() {
		return Set.of();
	}

}
