package io.tenancykit.sample;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.tenancykit.test.PostgresDatabase;
import io.tenancykit.test.PostgresTest;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input over HTTP, sent byte for byte by {@link RawHttp}, against the real sample
 * resolving tenants from the header, the subdomain of {@code example.test} and the path
 * prefix {@code /t/}: tenant headers, {@code Host} headers, path prefixes, ids and JSON
 * bodies that are overlong, carry CR, LF or NUL, lone surrogates, confusables, wildcards,
 * traversal or smuggled tenant fields, plus the Big List of Naughty Strings
 * (src/test/resources/blns). Every case must be answered with a 4xx (never a 5xx, never
 * no answer); no row may appear where it must not (rows are counted per tenant before and
 * after each test); the application answers normally afterwards. The answers by case are
 * printed.
 */
@PostgresTest
class HostileInputIntegrationTests {

	/** An answer not received by then is a hang. */
	private static final Duration HANG = Duration.ofSeconds(20);

	private static final int CONCURRENCY = 8;

	private static final String GLOBEX_ID = "0b9f6c3e-5d1a-4c1e-9a57-4f1b2c3d4e02";

	private static final String BODY = "{\"name\":\"hostile\"}";

	/**
	 * Other spellings of {@code acme} that HTTP or the kit's documented rules make equal
	 * to it, so that they are served as acme: optional whitespace around a header value
	 * (RFC 9110, 5.5), one trailing dot of a fully qualified host and any port of digits
	 * (RFC 3986, 3.2.3; {@code SubdomainTenantResolver}).
	 */
	private static final List<String> SPELLINGS_OF_ACME = List.of("X-Tenant-ID padded", "Host acme.example.test.",
			"Host acme.example.test:99999");

	private static @Nullable PostgresDatabase database;

	private static @Nullable ConfigurableApplicationContext application;

	private static @Nullable RawHttp http;

	private @Nullable Map<String, Integer> rowsBefore;

	@BeforeAll
	static void startTheSample(PostgresDatabase db) {
		database = db;
		application = SampleApplications.start(db, db.r2dbcUrl(),
				Map.of("tenancy.web.resolution.chain", "header,subdomain,path", "tenancy.web.resolution.base-domains",
						"example.test", "logging.level.io.tenancykit", "WARN"));
		http = new RawHttp(Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port")),
				HANG);
	}

	@AfterAll
	static void stop() {
		if (application != null) {
			application.close();
		}
	}

	@BeforeEach
	void countRows() throws SQLException {
		this.rowsBefore = new ProjectRows(db()).countsByTenant();
	}

	@AfterEach
	void stillServing() {
		RawHttp.Response listing = http().send("GET /api/projects?size=1 HTTP/1.1",
				List.of(line("Host: localhost"), line("X-Tenant-ID: acme")), new byte[0]);
		assertThat(listing.status()).as("a normal request afterwards: %s", listing.body()).isEqualTo(200);
	}

	@Test
	void hostileTenantHeadersAreRefusedAndWriteNothing() throws Exception {
		Map<String, List<byte[]>> cases = new TreeMap<>();
		header(cases, "overlong 300", "a".repeat(300));
		header(cases, "overlong 9000", "a".repeat(9000));
		header(cases, "overlong 70000", "a".repeat(70000));
		header(cases, "bare CR", "acme\rX-Evil: 1");
		header(cases, "LF injection", "acme\nX-Tenant-ID: globex");
		header(cases, "CRLF injection", "acme\r\nX-Tenant-ID: globex");
		header(cases, "NUL", "acme\0");
		header(cases, "NUL inside", "ac\0me");
		cases.put("lone surrogate (CESU bytes)",
				List.of(bytes("X-Tenant-ID: acme", new byte[] { (byte) 0xED, (byte) 0xA0, (byte) 0x80 })));
		cases.put("invalid UTF-8", List.of(bytes("X-Tenant-ID: ", new byte[] { (byte) 0xC3, (byte) 0x28 })));
		header(cases, "Cyrillic confusable", "\u0430\u0441me");
		header(cases, "fullwidth", "\uFF41\uFF43\uFF4D\uFF45");
		header(cases, "zero-width space", "ac\u200Bme");
		header(cases, "combining accent", "acme\u0301");
		header(cases, "upper case", "ACME");
		header(cases, "padded", " acme ");
		header(cases, "trailing dot", "acme.");
		header(cases, "punycode", "xn--80ak6aa92e");
		header(cases, "wildcard *", "*");
		header(cases, "wildcard %", "%");
		header(cases, "wildcard _", "_");
		header(cases, "wildcard acme*", "acme*");
		header(cases, "percent-encoded", "%61cme");
		header(cases, "traversal", "../acme");
		header(cases, "traversal inside", "acme/../globex");
		header(cases, "encoded traversal", "%2e%2e%2facme");
		header(cases, "comma list", "acme,globex");
		header(cases, "empty", "");
		header(cases, "globex id in key header", GLOBEX_ID);
		header(cases, "suspended tenant", "initech");
		header(cases, "unknown tenant", "nobody");
		cases.put("duplicated, different", List.of(line("X-Tenant-ID: acme"), line("X-Tenant-ID: globex")));
		cases.put("duplicated, same", List.of(line("X-Tenant-ID: acme"), line("X-Tenant-ID: acme")));
		cases.put("name with space", List.of(line("X-Tenant ID: acme")));
		cases.put("obsolete line folding", List.of(line("X-Tenant-ID: ac"), line(" me")));
		List<String> naughty = naughtyStrings();
		for (int i = 0; i < naughty.size(); i++) {
			header(cases, String.format("blns %03d", i), naughty.get(i));
		}
		Map<String, RawHttp.Response> answers = send(cases, "POST /api/projects HTTP/1.1", true);
		print("tenant header", answers);
		assertRefusedOrServedAsAcme(answers);
	}

	@Test
	void hostileHostsAndPathPrefixesAreRefusedAndWriteNothing() throws Exception {
		Map<String, List<byte[]>> hosts = new TreeMap<>();
		for (String host : List.of("ACME.example.test", "acme.example.test.", "acme..example.test",
				"a.acme.example.test", "xn--80ak6aa92e.example.test", "acme.example.test:99999", "acme.example.test:-1",
				"*.example.test", "%61cme.example.test", "acme.example.test/../globex", "\u0430\u0441me.example.test",
				"ac\0me.example.test", "a".repeat(300) + ".example.test", ".example.test", "example.test",
				"acme_.example.test", "initech.example.test", "nobody.example.test")) {
			hosts.put("Host " + printable(host), List.of(line("Host: " + host)));
		}
		hosts.put("Host duplicated", List.of(line("Host: acme.example.test"), line("Host: globex.example.test")));
		hosts.put("Host and header conflicting", List.of(line("Host: acme.example.test"), line("X-Tenant-ID: globex")));
		Map<String, RawHttp.Response> answers = new TreeMap<>();
		answers.putAll(send(hosts, "POST /api/projects HTTP/1.1", false));
		List<String> prefixes = List.of("ACME", "acme%2F..%2Fglobex", "..", "%2e%2e", "%61cme", "acme;x=1", "*", "",
				"acme%00", "a".repeat(300), "%D0%B0%D1%81me", "acme%0D%0AX-Evil:%201", "initech", "nobody", "acme%20");
		Map<String, RawHttp.Response> pathAnswers = new TreeMap<>();
		Flux.fromIterable(prefixes)
			.flatMap(
					(prefix) -> Mono
						.fromCallable(() -> Map.entry("path /t/" + printable(prefix) + "/",
								http().send("POST /t/" + prefix + "/api/projects HTTP/1.1",
										List.of(line("Host: localhost")), BODY.getBytes(StandardCharsets.UTF_8))))
						.subscribeOn(Schedulers.boundedElastic()),
					CONCURRENCY)
			.doOnNext((entry) -> pathAnswers.put(entry.getKey(), entry.getValue()))
			.blockLast(HANG.multipliedBy(prefixes.size()));
		answers.putAll(pathAnswers);
		Map<String, RawHttp.Response> conflicting = Map.of("path and header conflicting",
				http().send(
						"POST /t/acme/api/projects HTTP/1.1", List.of(line("Host: localhost"),
								line("X-Tenant-ID: globex"), line("Content-Type: application/json")),
						BODY.getBytes(StandardCharsets.UTF_8)));
		answers.putAll(conflicting);
		print("host and path prefix", answers);
		assertRefusedOrServedAsAcme(answers);
	}

	@Test
	void hostileIdsAreRefusedAndTouchNoRow() throws Exception {
		List<String> ids = new ArrayList<>(List.of("..", "../globex", "%2e%2e", "%00", "*", "%25", "null",
				GLOBEX_ID.toUpperCase(java.util.Locale.ROOT), "{" + GLOBEX_ID + "}", GLOBEX_ID + "%00",
				GLOBEX_ID.replace('0', '\u0660'), "0".repeat(10000), "%20", "%E1%9A%80", "%E3%80%80", "1e3",
				"00000000-0000-0000-0000-000000000000"));
		for (String naughty : naughtyStrings()) {
			ids.add(URLEncoder.encode(naughty, StandardCharsets.UTF_8).replace("+", "%20"));
		}
		Map<String, RawHttp.Response> answers = new TreeMap<>();
		Map<String, RawHttp.Response> found = new java.util.concurrent.ConcurrentHashMap<>();
		Flux.fromIterable(ids)
			.flatMap(
					(id) -> Flux.just("GET", "PUT", "DELETE")
						.flatMap(
								(method) -> Mono
									.fromCallable(() -> Map.entry(
											method + " " + printable(id.length() > 60 ? id.substring(0, 60) + "…" : id),
											http().send(method + " /api/projects/" + id + " HTTP/1.1",
													List.of(line("Host: localhost"), line("X-Tenant-ID: acme"),
															line("Content-Type: application/json")),
													method.equals("PUT")
															? "{\"name\":\"renamed\"}".getBytes(StandardCharsets.UTF_8)
															: new byte[0])))
									.subscribeOn(Schedulers.boundedElastic())),
					CONCURRENCY)
			.doOnNext((entry) -> found.put(entry.getKey(), entry.getValue()))
			.blockLast(HANG.multipliedBy(ids.size()));
		answers.putAll(found);
		print("ids", answers);
		assertAllRefused(answers);
		assertRowsUnchanged();
	}

	@Test
	void hostileBodiesAreRefusedOrLandInTheCallersTenantOnly() throws Exception {
		JsonMapper json = JsonMapper.builder().build();
		Map<String, String> bodies = new TreeMap<>();
		bodies.put("smuggled tenantId", "{\"name\":\"smuggled-1\",\"tenantId\":\"" + GLOBEX_ID + "\"}");
		bodies.put("smuggled tenant_id", "{\"name\":\"smuggled-2\",\"tenant_id\":\"" + GLOBEX_ID + "\"}");
		bodies.put("smuggled tenant object",
				"{\"name\":\"smuggled-3\",\"tenant\":{\"tenantId\":\"" + GLOBEX_ID + "\",\"tenantKey\":\"globex\"}}");
		bodies.put("smuggled tenantKey", "{\"name\":\"smuggled-4\",\"tenantKey\":\"globex\"}");
		bodies.put("name overlong", "{\"name\":\"" + "a".repeat(201) + "\"}");
		bodies.put("name NUL", "{\"name\":\"a\\u0000b\"}");
		bodies.put("name lone high surrogate", "{\"name\":\"a\\ud800b\"}");
		bodies.put("name lone low surrogate", "{\"name\":\"a\\udc00b\"}");
		bodies.put("name number", "{\"name\":1}");
		bodies.put("name array", "{\"name\":[\"a\"]}");
		bodies.put("name object", "{\"name\":{\"a\":1}}");
		bodies.put("name null", "{\"name\":null}");
		bodies.put("name blank", "{\"name\":\"   \"}");
		bodies.put("not an object", "[\"hostile\"]");
		bodies.put("not JSON", "name=hostile");
		bodies.put("truncated", "{\"name\":\"hostile\"");
		bodies.put("empty", "");
		bodies.put("nested 5000", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
		bodies.put("duplicate name", "{\"name\":\"dup-1\",\"name\":\"dup-2\"}");
		bodies.put("huge", "{\"name\":\"hostile\",\"pad\":\"" + "x".repeat(1_000_000) + "\"}");
		List<String> naughty = naughtyStrings();
		for (int i = 0; i < naughty.size(); i++) {
			bodies.put(String.format("blns %03d as name", i), json.writeValueAsString(Map.of("name", naughty.get(i))));
		}
		Map<String, RawHttp.Response> answers = new java.util.concurrent.ConcurrentHashMap<>();
		Flux.fromIterable(bodies.entrySet())
			.flatMap((body) -> Mono
				.fromCallable(() -> Map.entry(body.getKey(),
						http().send("POST /api/projects HTTP/1.1",
								List.of(line("Host: localhost"), line("X-Tenant-ID: acme"),
										line("Content-Type: application/json")),
								body.getValue().getBytes(StandardCharsets.UTF_8))))
				.subscribeOn(Schedulers.boundedElastic()), CONCURRENCY)
			.doOnNext((entry) -> answers.put(entry.getKey(), entry.getValue()))
			.blockLast(HANG.multipliedBy(bodies.size()));
		print("JSON bodies", new TreeMap<>(answers));
		long created = answers.values().stream().filter((answer) -> answer.status() == 201).count();
		for (Map.Entry<String, RawHttp.Response> answer : answers.entrySet()) {
			int status = answer.getValue().status();
			assertThat(status == 201 || (status >= 400 && status < 500))
				.as("%s: %s %s", answer.getKey(), status, answer.getValue().body())
				.isTrue();
		}
		Map<String, Integer> after = new ProjectRows(db()).countsByTenant();
		Map<String, Integer> expected = new TreeMap<>(rowsBefore());
		expected.merge("acme", (int) created, Integer::sum);
		assertThat(new TreeMap<>(after)).as("rows per tenant: every accepted body in acme, nothing elsewhere")
			.isEqualTo(expected);
		List<String> globex = new ProjectRows(db()).namesByTenant().get("globex");
		assertThat(globex).as("globex rows").noneMatch((name) -> name.startsWith("smuggled"));
		// A member the request does not define is refused, not ignored; a name PostgreSQL
		// would refuse or the driver would alter is refused before it is stored.
		for (String refused : List.of("smuggled tenantId", "smuggled tenant_id", "smuggled tenant object",
				"smuggled tenantKey", "huge", "name NUL", "name lone high surrogate", "name lone low surrogate")) {
			assertThat(answers.get(refused).status()).as("%s: %s", refused, answers.get(refused).body())
				.isBetween(400, 499);
		}
		// Every accepted name is stored exactly as sent.
		List<String> acme = new ProjectRows(db()).namesByTenant().get("acme");
		for (int i = 0; i < naughty.size(); i++) {
			RawHttp.Response answer = answers.get(String.format("blns %03d as name", i));
			if (answer.status() == 201) {
				assertThat(acme).as("blns %03d stored as sent", i).contains(naughty.get(i));
			}
		}
	}

	// Two requests in one write: the second arrives while the first waits for the
	// database and is queued by the server; answered without I/O (a malformed tenant), it
	// used to leave the connection unread, so that the next request on it was never
	// answered (reactor-netty #4361; issue 11 point 4, unknown tenants answered from the
	// cache).
	@Test
	void answersTheNextRequestOnAKeptAliveConnectionAfterAQueuedRefusal() throws Exception {
		String listing = "GET /api/projects HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: acme\r\n\r\n";
		String refused = "GET /api/projects HTTP/1.1\r\nHost: localhost\r\nX-Tenant-ID: ACME\r\n\r\n";
		try (RawHttp.Conversation conversation = http().open()) {
			for (int round = 0; round < 3; round++) {
				conversation.write(listing + refused);
				RawHttp.Response listed = conversation.read();
				assertThat(listed.status()).as("round %d, listing: %s", round, listed.body()).isEqualTo(200);
				RawHttp.Response refusal = conversation.read();
				assertThat(refusal.status()).as("round %d, refusal: %s", round, refusal.body()).isEqualTo(400);
				assertThat(refusal.code()).isEqualTo("tenant-malformed");
			}
		}
	}

	private static Map<String, RawHttp.Response> send(Map<String, List<byte[]>> cases, String requestLine,
			boolean localhost) {
		Map<String, RawHttp.Response> answers = new java.util.concurrent.ConcurrentHashMap<>();
		Flux.fromIterable(cases.entrySet()).flatMap((entry) -> Mono.fromCallable(() -> {
			List<byte[]> lines = new ArrayList<>();
			if (localhost) {
				lines.add(line("Host: localhost"));
			}
			lines.add(line("Content-Type: application/json"));
			lines.addAll(entry.getValue());
			return Map.entry(entry.getKey(), http().send(requestLine, lines, BODY.getBytes(StandardCharsets.UTF_8)));
		}).subscribeOn(Schedulers.boundedElastic()), CONCURRENCY)
			.doOnNext((entry) -> answers.put(entry.getKey(), entry.getValue()))
			.blockLast(HANG.multipliedBy(cases.size()));
		return new TreeMap<>(answers);
	}

	/**
	 * Every answer is a 4xx, except the {@link #SPELLINGS_OF_ACME}, which create acme's
	 * row; no other row appears.
	 */
	private void assertRefusedOrServedAsAcme(Map<String, RawHttp.Response> answers) throws SQLException {
		int created = 0;
		for (Map.Entry<String, RawHttp.Response> answer : answers.entrySet()) {
			if (SPELLINGS_OF_ACME.contains(answer.getKey())) {
				assertThat(answer.getValue().status()).as("%s: %s", answer.getKey(), answer.getValue().body())
					.isEqualTo(201);
				created++;
			}
			else {
				assertThat(answer.getValue().status()).as("%s: %s", answer.getKey(), answer.getValue().body())
					.isBetween(400, 499);
			}
		}
		Map<String, Integer> expected = new TreeMap<>(rowsBefore());
		expected.merge("acme", created, Integer::sum);
		assertThat(new TreeMap<>(new ProjectRows(db()).countsByTenant())).as("rows per tenant").isEqualTo(expected);
	}

	private static void assertAllRefused(Map<String, RawHttp.Response> answers) {
		for (Map.Entry<String, RawHttp.Response> answer : answers.entrySet()) {
			assertThat(answer.getValue().status()).as("%s: %s", answer.getKey(), answer.getValue().body())
				.isBetween(400, 499);
		}
	}

	private void assertRowsUnchanged() throws SQLException {
		assertThat(new TreeMap<>(new ProjectRows(db()).countsByTenant())).as("rows per tenant")
			.isEqualTo(new TreeMap<>(rowsBefore()));
	}

	/**
	 * Print the answers grouped by status and problem code, naming the cases of rare
	 * ones.
	 */
	private static void print(String catalogue, Map<String, RawHttp.Response> answers) {
		Map<String, List<String>> byAnswer = new TreeMap<>();
		answers.forEach((name, answer) -> byAnswer
			.computeIfAbsent(answer.status() + " " + answer.code(), (key) -> new ArrayList<>())
			.add(name));
		StringBuilder out = new StringBuilder("hostile input, " + catalogue + ": " + answers.size() + " cases");
		byAnswer.forEach((answer, names) -> out.append("\n  ")
			.append(answer)
			.append(": ")
			.append(names.size())
			.append((names.size() <= 12) ? " " + names : ""));
		System.out.println(out);
	}

	private static void header(Map<String, List<byte[]>> cases, String name, String value) {
		cases.put("X-Tenant-ID " + name, List.of(line("X-Tenant-ID: " + value)));
	}

	private static byte[] line(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] bytes(String text, byte[] tail) {
		byte[] head = line(text);
		byte[] all = new byte[head.length + tail.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(tail, 0, all, head.length, tail.length);
		return all;
	}

	private static String printable(String value) {
		StringBuilder out = new StringBuilder();
		value.codePoints()
			.forEach((c) -> out.append((c < 0x20 || c > 0x7e) ? String.format("\\u%04x", c) : Character.toString(c)));
		return (out.length() > 40) ? out.substring(0, 40) + "…(" + value.length() + ")" : out.toString();
	}

	private static List<String> naughtyStrings() throws java.io.IOException {
		try (var in = new ClassPathResource("blns/blns.json").getInputStream()) {
			return List.of(JsonMapper.builder().build().readValue(in, String[].class));
		}
	}

	private Map<String, Integer> rowsBefore() {
		assertThat(this.rowsBefore).as("rows before").isNotNull();
		return this.rowsBefore;
	}

	private static PostgresDatabase db() {
		assertThat(database).as("database").isNotNull();
		return database;
	}

	private static RawHttp http() {
		assertThat(http).as("client").isNotNull();
		return http;
	}

}
