package io.tenancykit.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.PrematureCloseException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The load client tells a response the server cut off from one cut off by the client
 * closing its own connection, so that the cancellation suite ignores only the latter. The
 * server here is a plain socket that sends the headers and part of the body.
 */
class HttpLoadTests {

	private static final Duration HANG = Duration.ofSeconds(10);

	private static final String PARTIAL_RESPONSE = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
			+ "Content-Length: 1000\r\n\r\n{\"partial\":";

	@Test
	void aResponseTheServerCutsOffIsNeverTakenForTheClientsOwnClose() throws Exception {
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread serving = serve(server, (socket) -> {
				// The server closes the connection in the middle of the body.
			});
			HttpLoad load = new HttpLoad(server.getLocalPort(), "server-cut-off", 1, HANG);
			try {
				HttpLoad.Answer answer = load.send(HttpMethod.GET, "/", "acme", null).block(HANG);
				assertThat(answer).isNotNull();
				assertThat(answer.status()).as(answer.body()).isZero();
				assertThat(answer.body()).isEqualTo(PrematureCloseException.class.getName());
				assertThat(answer.closedByClient()).as("closed by the client").isFalse();
			}
			finally {
				load.close();
			}
			serving.join(HANG.toMillis());
		}
	}

	@Test
	void aResponseCutOffByTheClientClosingItsOwnConnectionIsMarked() throws Exception {
		CountDownLatch clientDone = new CountDownLatch(1);
		try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Thread serving = serve(server, (socket) -> {
				// The server keeps the connection open: only the client can cut it off.
				assertThat(clientDone.await(HANG.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
			});
			HttpLoad load = new HttpLoad(server.getLocalPort(), "client-cut-off", 1, HANG);
			try {
				HttpLoad.Answer answer = load.sendClosingOnResponse("/", "acme").block(HANG);
				assertThat(answer).isNotNull();
				assertThat(answer.status()).as(answer.body()).isZero();
				assertThat(answer.body()).isEqualTo(PrematureCloseException.class.getName());
				assertThat(answer.closedByClient()).as("closed by the client").isTrue();
			}
			finally {
				clientDone.countDown();
				load.close();
			}
			serving.join(HANG.toMillis());
		}
	}

	/**
	 * Answer one request with the headers and part of a body, then run {@code then} and
	 * close the connection.
	 */
	private static Thread serve(ServerSocket server, AfterPartialResponse then) {
		Thread thread = new Thread(() -> {
			try (Socket socket = server.accept()) {
				readRequestHead(socket.getInputStream());
				OutputStream out = socket.getOutputStream();
				out.write(PARTIAL_RESPONSE.getBytes(StandardCharsets.US_ASCII));
				out.flush();
				then.run(socket);
			}
			catch (IOException | InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		}, "partial-response-server");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void readRequestHead(InputStream in) throws IOException {
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int next = in.read();
			if (next < 0) {
				throw new IOException("The request ended before its head did");
			}
			matched = (next == end[matched]) ? matched + 1 : ((next == end[0]) ? 1 : 0);
		}
	}

	@FunctionalInterface
	private interface AfterPartialResponse {

		void run(Socket socket) throws IOException, InterruptedException;

	}

}
