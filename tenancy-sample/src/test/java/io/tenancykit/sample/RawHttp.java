package io.tenancykit.sample;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 client that sends exactly the bytes it is given, for requests no
 * well-behaved client would send: bare CR or LF and NUL in headers, repeated headers,
 * invalid UTF-8, overlong lines. One request per connection ({@code Connection: close} is
 * the caller's to add); the response is read to the end of its body or the close.
 */
final class RawHttp {

	private static final int MAX_RESPONSE = 1 << 20;

	private static final byte[] CRLF = { '\r', '\n' };

	private final int port;

	private final Duration timeout;

	RawHttp(int port, Duration timeout) {
		this.port = port;
		this.timeout = timeout;
	}

	/**
	 * Send the request head (request line and header lines, each without its line end,
	 * joined with CRLF here) and the body.
	 */
	Response send(String requestLine, List<byte[]> headerLines, byte[] body) {
		ByteArrayOutputStream request = new ByteArrayOutputStream();
		request.writeBytes(requestLine.getBytes(StandardCharsets.ISO_8859_1));
		request.writeBytes(CRLF);
		for (byte[] line : headerLines) {
			request.writeBytes(line);
			request.writeBytes(CRLF);
		}
		request.writeBytes(("Content-Length: " + body.length).getBytes(StandardCharsets.US_ASCII));
		request.writeBytes(CRLF);
		request.writeBytes("Connection: close".getBytes(StandardCharsets.US_ASCII));
		request.writeBytes(CRLF);
		request.writeBytes(CRLF);
		request.writeBytes(body);
		return exchange(request.toByteArray());
	}

	private Response exchange(byte[] request) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", this.port), (int) this.timeout.toMillis());
			socket.setSoTimeout((int) this.timeout.toMillis());
			OutputStream out = socket.getOutputStream();
			try {
				out.write(request);
				out.flush();
			}
			catch (IOException ex) {
				// The server may answer and close before it has read an overlong request.
			}
			return read(socket.getInputStream());
		}
		catch (SocketTimeoutException ex) {
			return new Response(-1, Map.of(), "no answer within " + this.timeout);
		}
		catch (IOException ex) {
			return new Response(0, Map.of(), "connection failed without an answer: " + ex.getClass().getName());
		}
	}

	private static Response read(InputStream in) throws IOException {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		int headEnd = -1;
		int contentLength = -1;
		int status = 0;
		Map<String, String> headers = new LinkedHashMap<>();
		while (all.size() < MAX_RESPONSE) {
			int read;
			try {
				read = in.read(buffer);
			}
			catch (IOException ex) {
				// A reset after the answer: what was read is the answer.
				break;
			}
			if (read < 0) {
				break;
			}
			all.write(buffer, 0, read);
			byte[] bytes = all.toByteArray();
			if (headEnd < 0) {
				headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				if (headEnd >= 0) {
					String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
					String[] lines = head.split("\r\n");
					String[] statusLine = lines[0].split(" ", 3);
					status = Integer.parseInt(statusLine[1]);
					for (int i = 1; i < lines.length; i++) {
						int colon = lines[i].indexOf(':');
						if (colon > 0) {
							headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
									lines[i].substring(colon + 1).trim());
						}
					}
					String length = headers.get("content-length");
					contentLength = (length != null) ? Integer.parseInt(length) : -1;
				}
			}
			if (headEnd >= 0 && contentLength >= 0 && bytes.length >= headEnd + 4 + contentLength) {
				break;
			}
		}
		byte[] bytes = all.toByteArray();
		if (headEnd < 0) {
			return new Response(0, Map.of(), "closed without an answer after " + bytes.length + " bytes");
		}
		String body = new String(bytes, headEnd + 4, bytes.length - headEnd - 4, StandardCharsets.UTF_8);
		return new Response(status, headers, body);
	}

	/**
	 * Open a connection that is kept alive across requests.
	 */
	Conversation open() throws IOException {
		Socket socket = new Socket();
		socket.connect(new InetSocketAddress("127.0.0.1", this.port), (int) this.timeout.toMillis());
		socket.setSoTimeout((int) this.timeout.toMillis());
		return new Conversation(socket);
	}

	/**
	 * Requests and answers over one kept-alive connection: {@link #write} sends bytes as
	 * they are (several requests at once are pipelined), {@link #read} reads the next
	 * answer, which must carry a {@code Content-Length}.
	 */
	static final class Conversation implements AutoCloseable {

		private final Socket socket;

		private final InputStream in;

		Conversation(Socket socket) throws IOException {
			this.socket = socket;
			this.in = new BufferedInputStream(socket.getInputStream());
		}

		void write(String requests) throws IOException {
			OutputStream out = this.socket.getOutputStream();
			out.write(requests.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
		}

		/** Read the next answer: status -1 when none came in time, 0 on a close. */
		Response read() throws IOException {
			ByteArrayOutputStream head = new ByteArrayOutputStream();
			try {
				while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
					int next = this.in.read();
					if (next < 0) {
						return new Response(0, Map.of(), "closed");
					}
					head.write(next);
				}
				Map<String, String> headers = new LinkedHashMap<>();
				String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
				for (int i = 1; i < lines.length; i++) {
					int colon = lines[i].indexOf(':');
					if (colon > 0) {
						headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
								lines[i].substring(colon + 1).trim());
					}
				}
				byte[] body = this.in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
				return new Response(Integer.parseInt(lines[0].split(" ", 3)[1]), headers,
						new String(body, StandardCharsets.UTF_8));
			}
			catch (SocketTimeoutException ex) {
				return new Response(-1, Map.of(), "no answer within " + this.socket.getSoTimeout() + " ms");
			}
		}

		@Override
		public void close() throws IOException {
			this.socket.close();
		}

	}

	private static int indexOf(byte[] bytes, byte[] part) {
		outer: for (int i = 0; i <= bytes.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (bytes[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/**
	 * An answer: {@code status} 0 when the server closed the connection without one, -1
	 * when it did not answer in time.
	 */
	record Response(int status, Map<String, String> headers, String body) {

		@Nullable String header(String name) {
			return this.headers.get(name.toLowerCase(Locale.ROOT));
		}

		@Nullable String code() {
			return ProblemBodies.code(this.body);
		}

	}

}
