package io.tenancykit.test;

/**
 * The login of one PostgreSQL role. {@link #toString()} never reveals the password, so
 * credentials can appear in assertion messages and logs.
 *
 * @param username the role name, never blank
 * @param password the role's password, never blank
 */
public record Credentials(String username, String password) {

	public Credentials {
		if (username == null || username.isBlank()) {
			throw new IllegalArgumentException("'username' must not be blank");
		}
		if (password == null || password.isBlank()) {
			throw new IllegalArgumentException("'password' must not be blank");
		}
	}

	@Override
	public String toString() {
		return "Credentials[username=" + this.username + ", password=******]";
	}

}
