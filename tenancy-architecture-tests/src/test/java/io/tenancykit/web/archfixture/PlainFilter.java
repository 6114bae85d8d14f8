package io.tenancykit.web.archfixture;

import io.tenancykit.api.TenantContext;

public class PlainFilter {

	public String describe(TenantContext context) {
		return context.toString();
	}

}
