package io.tenancykit.web.problem;

import java.net.URI;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ProblemDetail;

/**
 * Renders a {@link ProblemDetail} as RFC 9457 JSON without a JSON library, so that the
 * filter can answer before any codec is involved. Extension members are written at the
 * top level, as Spring's Jackson mix-in does.
 */
final class ProblemJson {

	private ProblemJson() {
	}

	static String write(ProblemDetail problem) {
		StringBuilder json = new StringBuilder(256).append('{');
		URI type = problem.getType();
		member(json, "type", (type != null) ? type.toString() : "about:blank");
		member(json, "title", problem.getTitle());
		json.append(",\"status\":").append(problem.getStatus());
		member(json, "detail", problem.getDetail());
		URI instance = problem.getInstance();
		member(json, "instance", (instance != null) ? instance.toString() : null);
		Map<String, Object> properties = problem.getProperties();
		if (properties != null) {
			properties.forEach((name, value) -> {
				if (value instanceof Number || value instanceof Boolean) {
					json.append(',');
					string(json, name);
					json.append(':').append(value);
				}
				else {
					member(json, name, String.valueOf(value));
				}
			});
		}
		return json.append('}').toString();
	}

	private static void member(StringBuilder json, String name, @Nullable String value) {
		if (value == null) {
			return;
		}
		if (json.length() > 1) {
			json.append(',');
		}
		string(json, name);
		json.append(':');
		string(json, value);
	}

	private static void string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
