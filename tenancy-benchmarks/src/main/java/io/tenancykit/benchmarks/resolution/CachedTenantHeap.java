package io.tenancykit.benchmarks.resolution;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.tenancykit.api.TenantKey;
import io.tenancykit.web.directory.CachingTenantDirectory;
import io.tenancykit.web.directory.TenantCacheSettings;

/**
 * Heap retained per cached tenant (issue 12: at most 512 B). Fills the kit's
 * {@link CachingTenantDirectory} (default settings, its maximum size raised to the number
 * of tenants) with N tenants looked up by key from a {@linkplain CountingTenantDirectory
 * copying} directory — each answer a new tenant, as a database directory gives, and each
 * key parsed from a new string, as a request header gives — and reports the used heap
 * after a forced full collection, minus the used heap before filling, divided by N. Two
 * more figures: the cache filled by key and by id, as an application that resolves both
 * ways holds each tenant twice (the two entries share the tenant); and by key from a
 * directory that answers the tenants it holds anyway, which leaves out the tenants
 * themselves (their id, key, name and times): the cache's own share. Repeated, the median
 * is printed.
 * <p>
 * Run with a fixed heap and nothing else in the JVM:
 * {@code java -Xms1g -Xmx1g -cp benchmarks.jar io.tenancykit.benchmarks.resolution.CachedTenantHeap [N ...]}.
 */
public final class CachedTenantHeap {

	private static final int REPETITIONS = 5;

	private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

	private CachedTenantHeap() {
	}

	/**
	 * Measure and print.
	 * @param args the numbers of tenants, 10,000 and 100,000 if none
	 * @throws InterruptedException if interrupted while letting the collector settle
	 */
	public static void main(String[] args) throws InterruptedException {
		int[] sizes = (args.length > 0) ? Arrays.stream(args).mapToInt(Integer::parseInt).toArray()
				: new int[] { 10_000, 100_000 };
		System.out.printf(Locale.ROOT, "Java %s, %s, max heap %d MB, GC %s%n", System.getProperty("java.version"),
				System.getProperty("java.vm.name"), Runtime.getRuntime().maxMemory() >> 20,
				ManagementFactory.getGarbageCollectorMXBeans().stream().map((gc) -> gc.getName()).toList());
		for (Fill fill : Fill.values()) {
			for (int size : sizes) {
				List<Double> perTenant = new ArrayList<>();
				for (int i = 0; i < REPETITIONS; i++) {
					perTenant.add(measure(size, fill));
				}
				List<Double> sorted = perTenant.stream().sorted().toList();
				System.out.printf(Locale.ROOT, "%s N=%,d: median %.0f B per cached tenant (runs: %s)%n",
						fill.description, size, sorted.get(REPETITIONS / 2),
						perTenant.stream().map((b) -> String.format(Locale.ROOT, "%.0f", b)).toList());
			}
		}
	}

	private static double measure(int size, Fill fill) throws InterruptedException {
		boolean byId = fill == Fill.BY_KEY_AND_ID;
		CountingTenantDirectory directory = (fill == Fill.CACHE_ONLY) ? new CountingTenantDirectory(size)
				: CountingTenantDirectory.copying(size);
		CachingTenantDirectory cache = new CachingTenantDirectory(directory,
				TenantCacheSettings.defaults().withMaximumSize(size));
		String[] ids = new String[size];
		if (byId) {
			for (int i = 0; i < size; i++) {
				ids[i] = directory.findByKey(CountingTenantDirectory.key(i + 1)).map((t) -> t.id().toString()).block();
			}
		}
		long before = usedAfterGc();
		for (int i = 1; i <= size; i++) {
			// A new string, as parsed from a request's header.
			TenantKey key = TenantKey.parse(String.format(Locale.ROOT, "t%05d", i));
			if (cache.findByKey(key).block() == null) {
				throw new IllegalStateException("Tenant " + key.value() + " was not found");
			}
			if (byId && cache.findById(io.tenancykit.api.TenantId.parse(ids[i - 1])).block() == null) {
				throw new IllegalStateException("Tenant " + ids[i - 1] + " was not found");
			}
		}
		long after = usedAfterGc();
		long lookups = directory.lookups();
		double perTenant = (after - before) / (double) size;
		// Keeps the cache and the directory reachable until after the second measurement.
		if (cache.hitRatio() > 0.5 || lookups < size) {
			throw new IllegalStateException("The cache did not miss once per lookup: " + lookups);
		}
		return perTenant;
	}

	private enum Fill {

		BY_KEY("by key"), BY_KEY_AND_ID("by key and by id"),
		CACHE_ONLY("by key, tenants held elsewhere (the cache's own share)");

		final String description;

		Fill(String description) {
			this.description = description;
		}

	}

	private static long usedAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return MEMORY.getHeapMemoryUsage().getUsed();
	}

}
