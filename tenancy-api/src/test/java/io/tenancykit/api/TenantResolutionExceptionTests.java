package io.tenancykit.api;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link TenantResolutionException}.
 */
class TenantResolutionExceptionTests {

	@Test
	void codesAreStable() {
		assertThat(new TenantResolutionException.Missing().code()).isEqualTo("tenant-missing");
		assertThat(new TenantResolutionException.Malformed("bad", 3).code()).isEqualTo("tenant-malformed");
		assertThat(new TenantResolutionException.Unknown().code()).isEqualTo("tenant-unknown");
		assertThat(new TenantResolutionException.Suspended().code()).isEqualTo("tenant-suspended");
		assertThat(new TenantResolutionException.Conflicting("header", "path").code()).isEqualTo("tenant-conflicting");
		assertThat(new TenantResolutionException.DirectoryUnavailable(new IOException()).code())
			.isEqualTo("tenant-directory-unavailable");
	}

	@Test
	void codeConstantsMatchInstanceCodes() {
		assertThat(TenantResolutionException.Missing.CODE).isEqualTo("tenant-missing");
		assertThat(TenantResolutionException.Malformed.CODE).isEqualTo("tenant-malformed");
		assertThat(TenantResolutionException.Unknown.CODE).isEqualTo("tenant-unknown");
		assertThat(TenantResolutionException.Suspended.CODE).isEqualTo("tenant-suspended");
		assertThat(TenantResolutionException.ClaimMissing.CODE).isEqualTo("tenant-claim-missing");
		assertThat(TenantResolutionException.Conflicting.CODE).isEqualTo("tenant-conflicting");
		assertThat(TenantResolutionException.DirectoryUnavailable.CODE).isEqualTo("tenant-directory-unavailable");
	}

	@Test
	void everySubclassHasADistinctCode() {
		List<TenantResolutionException> all = List.of(new TenantResolutionException.Missing(),
				new TenantResolutionException.Malformed("bad", 3), new TenantResolutionException.Unknown(),
				new TenantResolutionException.Suspended(), new TenantResolutionException.ClaimMissing(),
				new TenantResolutionException.Conflicting("a", "b"),
				new TenantResolutionException.DirectoryUnavailable(new IOException()));
		assertThat(all).extracting(TenantResolutionException::code).doesNotHaveDuplicates().hasSize(7);
		assertThat(TenantResolutionException.class.getPermittedSubclasses()).hasSize(7);
	}

	@Test
	void malformedKeepsInputLengthOnly() {
		TenantResolutionException.Malformed malformed = new TenantResolutionException.Malformed("tenant key is bad",
				42);
		assertThat(malformed.inputLength()).isEqualTo(42);
		assertThat(malformed).hasMessage("tenant key is bad (input length 42)");
	}

	@Test
	void directoryUnavailableKeepsCause() {
		IOException cause = new IOException("connection refused");
		assertThat(new TenantResolutionException.DirectoryUnavailable(cause)).hasCause(cause)
			.hasMessage("tenant directory is unavailable");
	}

	@Test
	void conflictingNamesBothSources() {
		assertThat(new TenantResolutionException.Conflicting("header", "subdomain")).hasMessageContaining("'header'")
			.hasMessageContaining("'subdomain'");
	}

	@Test
	void messagesAreFixedTexts() {
		assertThat(new TenantResolutionException.Missing()).hasMessage("no tenant was supplied").hasNoCause();
		assertThat(new TenantResolutionException.Unknown()).hasMessage("tenant not found");
		assertThat(new TenantResolutionException.Suspended()).hasMessage("tenant is suspended");
	}

	@Test
	void isARuntimeException() {
		assertThat(new TenantResolutionException.Unknown()).isInstanceOf(RuntimeException.class);
	}

}
