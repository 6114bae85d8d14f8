package io.tenancykit.architecture;

import java.util.List;
import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The predicate and condition of
 * {@link TenancyArchitectureRules#NO_RAW_LISTEN_OUTSIDE_THE_KIT}: PostgreSQL
 * notifications are read only by the kit's change streams.
 */
final class RawListen {

	/** The types whose {@code getNotifications()} reads every tenant's notifications. */
	private static final List<String> NOTIFICATION_SOURCES = List.of("io.r2dbc.postgresql.api.PostgresqlConnection",
			"org.postgresql.PGConnection");

	/** A LISTEN statement: the keyword and a channel, alone or between semicolons. */
	private static final Pattern LISTEN = Pattern
		.compile("(?i)(^|;)\\s*LISTEN\\s+(\"[^\"]+\"|[a-z_][a-z0-9_$]*)\\s*(;|$)");

	/**
	 * A LISTEN statement whose channel is added at run time: the text before the channel
	 * ({@code "LISTEN " + channel}, {@code new StringBuilder("LISTEN ")}), the recipe of
	 * a string concatenation ({@code LISTEN} and U+0001, which stands for the value) or a
	 * format ({@code "LISTEN %s"}), with or without a quote before the channel.
	 */
	private static final Pattern DYNAMIC_LISTEN = Pattern.compile("(?i)(^|;)\\s*LISTEN\\s+\"?(\u0001|%s|$)");

	/** What a string concatenation recipe holds in place of a value: U+0001. */
	private static final char RECIPE_VALUE = '\u0001';

	private RawListen() {
	}

	/**
	 * Classes outside the kit's persistence module, whose change streams are the one
	 * sanctioned listener.
	 */
	static DescribedPredicate<JavaClass> outsideTheKit() {
		return DescribedPredicate.describe("outside the kit's persistence module",
				(javaClass) -> !TenancyPredicates.residesIn(javaClass, KitTypes.PERSISTENCE_PACKAGE));
	}

	/**
	 * Neither read notifications from a PostgreSQL connection nor hold a {@code LISTEN}
	 * statement.
	 */
	static ArchCondition<JavaClass> notListen() {
		return new ArchCondition<>("not read PostgreSQL notifications or hold LISTEN statements") {

			@Override
			public void check(JavaClass javaClass, ConditionEvents events) {
				for (JavaMethodCall call : javaClass.getMethodCallsFromSelf()) {
					if (call.getTarget().getName().equals("getNotifications")
							&& isNotificationSource(call.getTarget().getOwner())) {
						events.add(SimpleConditionEvent.violated(call,
								"Method <" + call.getOrigin().getFullName() + "> calls "
										+ call.getTarget().getOwner().getSimpleName() + ".getNotifications() in "
										+ call.getSourceCodeLocation()));
					}
				}
				for (String constant : ClassConstants.strings(javaClass)) {
					if (LISTEN.matcher(constant.strip()).find() || DYNAMIC_LISTEN.matcher(constant).find()) {
						events.add(SimpleConditionEvent.violated(javaClass,
								"Class <" + javaClass.getName() + "> holds SQL <"
										+ constant.strip().replace(RECIPE_VALUE, '…') + "> that listens to a channel"));
					}
				}
			}

		};
	}

	private static boolean isNotificationSource(JavaClass owner) {
		return NOTIFICATION_SOURCES.stream()
			.anyMatch((name) -> owner.getName().equals(name) || owner.isAssignableTo(name));
	}

}
