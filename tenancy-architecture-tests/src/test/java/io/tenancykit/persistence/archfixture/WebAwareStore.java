package io.tenancykit.persistence.archfixture;

import io.tenancykit.web.archfixture.PersistenceAwareFilter;

/**
 * Violates the kit rule that persistence never depends on web.
 */
public class WebAwareStore {

	PersistenceAwareFilter filter;

}
