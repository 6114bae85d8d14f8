package io.tenancykit.web.archfixture;

import io.tenancykit.persistence.archfixture.WebAwareStore;

/**
 * Violates the kit rule that web never depends on persistence.
 */
public class PersistenceAwareFilter {

	WebAwareStore store;

}
