package io.tenancykit.test;

import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.test.context.junit.jupiter.SpringExtension;

/**
 * Reads the database of a Spring test class from its application context. Loaded only for
 * classes that run with the {@link SpringExtension}, so Spring stays optional.
 */
final class SpringTestDatabases {

	private SpringTestDatabases() {
	}

	static PostgresDatabase database(ExtensionContext context) {
		return SpringExtension.getApplicationContext(context).getBean(PostgresDatabase.class);
	}

}
