package io.tenancykit.benchmarks.resolution;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.tenancykit.api.TenantKey;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;

/**
 * Requests that wait on the directory across an expiry boundary, with and without refresh
 * ahead of expiry (issue 12: a default that keeps hot tenants from ever missing). The
 * kit's {@link CachingTenantDirectory} with a short time to live (default settings
 * otherwise) is filled with every tenant, then serves 10,000 requests spread evenly over
 * twice the time to live, tenants taken in turn, so that every tenant is read every
 * {@code 2 × ttl × tenants / 10,000} and every first load expires half-way through. A
 * request waits on the directory when its lookup is a miss: the counting directory's
 * lookups minus the background reloads. The time to live is shortened so that a run takes
 * seconds: what matters is how often a tenant is read relative to it.
 * <p>
 * {@code java -cp benchmarks.jar io.tenancykit.benchmarks.resolution.RefreshAheadMisses [tenants] [ttl-ms] [rounds]}
 * (defaults 1,000 tenants, 2,000 ms, 3 rounds).
 */
public final class RefreshAheadMisses {

	private static final int REQUESTS = 10_000;

	private RefreshAheadMisses() {
	}

	/**
	 * Measure and print.
	 * @param args tenants, time to live in milliseconds and rounds, optional
	 */
	public static void main(String[] args) {
		int tenants = (args.length > 0) ? Integer.parseInt(args[0]) : 1_000;
		Duration ttl = Duration.ofMillis((args.length > 1) ? Long.parseLong(args[1]) : 2_000);
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 3;
		System.out.printf(Locale.ROOT, "%,d tenants, ttl %d ms, %,d requests over %d ms per round%n", tenants,
				ttl.toMillis(), REQUESTS, 2 * ttl.toMillis());
		for (int round = 1; round <= rounds; round++) {
			for (boolean refreshAhead : new boolean[] { false, true }) {
				run(round, tenants, TenantCacheSettings.defaults().withTtl(ttl).withRefreshAhead(refreshAhead));
			}
		}
	}

	private static void run(int round, int tenants, TenantCacheSettings settings) {
		CountingTenantDirectory directory = new CountingTenantDirectory(tenants);
		CachingTenantDirectory cache = new CachingTenantDirectory(directory, settings);
		TenantKey[] keys = new TenantKey[tenants];
		for (int i = 0; i < tenants; i++) {
			keys[i] = CountingTenantDirectory.key(i + 1);
			cache.findByKey(keys[i]).block();
		}
		long filled = directory.lookups();
		long interval = 2 * settings.ttl().toNanos() / REQUESTS;
		long start = System.nanoTime();
		long late = 0;
		for (int i = 0; i < REQUESTS; i++) {
			long due = start + i * interval;
			long wait = due - System.nanoTime();
			if (wait > 0) {
				LockSupport.parkNanos(wait);
			}
			else if (-wait > interval) {
				late++;
			}
			if (cache.findByKey(keys[i % tenants]).block() == null) {
				throw new IllegalStateException("Tenant " + keys[i % tenants].value() + " was not found");
			}
		}
		long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		// Lets the last background reloads reach the directory before counting.
		LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
		long lookups = directory.lookups() - filled;
		long reloads = cache.refreshCount();
		System.out.printf(Locale.ROOT,
				"round %d refresh-ahead=%-5s misses per %,d requests: %5d (directory lookups %5d, background reloads %5d;"
						+ " %d ms, %d requests more than one interval late)%n",
				round, settings.refreshAhead(), REQUESTS, lookups - reloads, lookups, reloads, elapsed, late);
	}

}
