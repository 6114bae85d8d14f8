package io.tenancykit.persistence.archfixture;

import io.tenancykit.api.TenantId;

public class PlainStore {

	public String key(TenantId id) {
		return id.toString();
	}

}
