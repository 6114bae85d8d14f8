package io.tenancykit.persistence.verify;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The result of an {@link RlsVerifier} run.
 *
 * @param role the database role that was verified, the {@code current_user}
 * @param tables the tenant-owned tables that were verified
 * @param violations what is wrong, empty when nothing is
 */
public record VerificationReport(String role, List<String> tables, List<Violation> violations) {

	public VerificationReport {
		Objects.requireNonNull(role, "'role' must not be null");
		tables = List.copyOf(tables);
		violations = List.copyOf(violations);
	}

	/**
	 * Return whether nothing is wrong.
	 * @return whether there are no violations
	 */
	public boolean isSatisfied() {
		return this.violations.isEmpty();
	}

	/**
	 * Return the violations about one subject.
	 * @param subject the table or role
	 * @return its violations
	 */
	public List<Violation> violationsOf(String subject) {
		return this.violations.stream().filter((violation) -> violation.subject().equals(subject)).toList();
	}

	/**
	 * Return a multi-line description of the violations, one per line.
	 * @return the description
	 */
	public String describe() {
		if (isSatisfied()) {
			return "row-level security verified for role " + this.role + " on " + this.tables;
		}
		return this.violations.stream()
			.map(Violation::toString)
			.collect(Collectors.joining(System.lineSeparator() + "  ",
					"tenant isolation is not guaranteed for role " + this.role + ":" + System.lineSeparator() + "  ",
					""));
	}

}
