package io.tenancykit.architecture;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

import com.tngtech.archunit.core.domain.JavaClass;

/**
 * Reads the string constants of a class file: SQL written in a repository is a string
 * constant (text blocks and constant concatenations included), which ArchUnit's model
 * does not expose.
 */
final class ClassConstants {

	/**
	 * The constants read so far, by class: several rules ask for them (tenant-aware
	 * classes, LISTEN statements, tenant-scoped SQL), and each question would otherwise
	 * open and parse the class file again. Weak keys: an import's classes are dropped
	 * with it. Not tenant state: class files of the code under test.
	 */
	private static final Map<JavaClass, List<String>> cache = Collections.synchronizedMap(new WeakHashMap<>());

	private ClassConstants() {
	}

	/**
	 * Return the string constants of the class, in constant pool order; an empty list if
	 * its class file cannot be read.
	 */
	static List<String> strings(JavaClass javaClass) {
		return cache.computeIfAbsent(javaClass, ClassConstants::read);
	}

	private static List<String> read(JavaClass javaClass) {
		return javaClass.getSource().map((source) -> {
			try (InputStream in = source.getUri().toURL().openStream()) {
				return strings(in);
			}
			catch (IOException | RuntimeException ex) {
				return List.<String>of();
			}
		}).orElse(List.of());
	}

	static List<String> strings(InputStream stream) throws IOException {
		DataInputStream in = new DataInputStream(new BufferedInputStream(stream));
		if (in.readInt() != 0xCAFEBABE) {
			return List.of();
		}
		in.readUnsignedShort();
		in.readUnsignedShort();
		int count = in.readUnsignedShort();
		Map<Integer, String> utf8 = new HashMap<>();
		List<Integer> strings = new ArrayList<>();
		for (int index = 1; index < count; index++) {
			int tag = in.readUnsignedByte();
			switch (tag) {
				case 1 -> utf8.put(index, in.readUTF());
				case 8 -> strings.add(in.readUnsignedShort());
				case 7, 16, 19, 20 -> in.skipNBytes(2);
				case 15 -> in.skipNBytes(3);
				case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
				case 5, 6 -> {
					in.skipNBytes(8);
					index++;
				}
				default -> {
					return List.of();
				}
			}
		}
		List<String> values = new ArrayList<>();
		for (int index : strings) {
			String value = utf8.get(index);
			if (value != null) {
				values.add(value);
			}
		}
		return List.copyOf(values);
	}

}
