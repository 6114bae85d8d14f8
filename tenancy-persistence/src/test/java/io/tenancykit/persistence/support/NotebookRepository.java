package io.tenancykit.persistence.support;

import java.util.UUID;

import io.tenancykit.persistence.repository.TenantScopedRepository;
import io.tenancykit.persistence.repository.TenantScopedTemplate;

/**
 * The repository of the {@code test_notebook} fixture table: nothing but the inherited
 * operations.
 */
public class NotebookRepository extends TenantScopedRepository<Notebook, UUID> {

	public NotebookRepository(TenantScopedTemplate template) {
		super(template);
	}

}
