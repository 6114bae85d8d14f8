package io.tenancykit.architecture;

import org.junit.jupiter.api.Test;

import static io.tenancykit.architecture.Fixtures.messages;
import static io.tenancykit.architecture.Fixtures.of;
import static io.tenancykit.architecture.Fixtures.violations;
import static org.assertj.core.api.Assertions.assertThat;

class RawListenRulesTests {

	private static final String VIOLATING = "io.tenancykit.architecture.fixtures.listen.violating.";

	@Test
	void rejectsReadingNotificationsAndHoldingAListenStatement() {
		assertThat(messages(TenancyArchitectureRules.NO_RAW_LISTEN_OUTSIDE_THE_KIT, of("listen.violating")))
			.containsExactlyInAnyOrder(
					"Method <" + VIOLATING + "ProjectFeed.changes()> calls PostgresqlConnection.getNotifications()",
					"Class <" + VIOLATING + "ChannelStatements> holds SQL <LISTEN project_changes> that listens to a "
							+ "channel",
					"Class <" + VIOLATING + "ChannelListeners> holds SQL <LISTEN …> that listens to a channel",
					"Class <" + VIOLATING + "ChannelListeners> holds SQL <LISTEN \"…\"> that listens to a channel",
					"Class <" + VIOLATING + "ChannelListeners> holds SQL <LISTEN %s> that listens to a channel",
					"Class <" + VIOLATING + "ListenBuilder> holds SQL <listen> that listens to a channel");
	}

	@Test
	void acceptsTheKitsChangeStreamsAndTextThatIsNoListenStatement() {
		assertThat(violations(TenancyArchitectureRules.NO_RAW_LISTEN_OUTSIDE_THE_KIT, of("listen.compliant")))
			.isEmpty();
	}

	@Test
	void exemptsTheKitsOwnListener() {
		assertThat(violations(TenancyArchitectureRules.NO_RAW_LISTEN_OUTSIDE_THE_KIT,
				of(io.tenancykit.persistence.changes.TenantChangeStreams.class)))
			.isEmpty();
	}

}
