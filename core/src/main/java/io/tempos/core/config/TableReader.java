package io.tempos.core.config;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Reads typed values out of one table of the parsed TOML tree, recording a problem with its key
 * path instead of throwing, so that a load reports every problem of a file at once.
 */
final class TableReader {

    /** The value of a required integer whose problem is already recorded; no valid port. */
    static final int REPORTED_INVALID = 0;

    private final JsonNode table;
    private final String path;
    private final List<String> problems;

    TableReader(JsonNode table, String path, List<String> problems) {
        this.table = table;
        this.path = path;
        this.problems = problems;
    }

    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    void problem(String key, String message) {
        problems.add(path(key) + ": " + message);
    }

    /** Reports every key of this table that is not one of {@code known}. */
    void rejectUnknownKeys(Set<String> known) {
        for (Iterator<String> it = table.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                problem(key, "unknown key; valid keys here: " + String.join(", ", new TreeSet<>(known)));
            }
        }
    }

    boolean has(String key) {
        return table.has(key);
    }

    String string(String key, String fallback) {
        JsonNode node = table.get(key);
        if (node == null) {
            if (fallback == null) {
                problem(key, "missing; a string is required");
            }
            return fallback;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            problem(key, "must be a non-empty string, got " + describe(node));
            return fallback;
        }
        return node.asText();
    }

    /**
     * A file system path resolved against {@code base} (the config file's directory), or
     * {@code fallback} resolved the same way when the key is absent; null when both are.
     */
    String path(String key, Path base, String fallback) {
        String text = string(key, fallback == null ? "" : fallback);
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return base.resolve(text).normalize().toString();
        } catch (InvalidPathException e) {
            problem(key, "'" + text + "' is not a valid path: " + e.getReason());
            return null;
        }
    }

    /**
     * An integer in {@code min..max}, or {@code fallback} when the key is absent. A required one
     * ({@code fallback} null) that is missing or invalid reads as {@link #REPORTED_INVALID} once
     * its problem is recorded, so that the validator does not report it again (e.g. as a clash
     * of ports).
     */
    int integer(String key, int min, int max, Integer fallback) {
        JsonNode node = table.get(key);
        if (node == null) {
            if (fallback == null) {
                problem(key, "missing; an integer in " + min + ".." + max + " is required");
                return REPORTED_INVALID;
            }
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            problem(key, "must be an integer in " + min + ".." + max + ", got " + describe(node));
            return fallback == null ? REPORTED_INVALID : fallback;
        }
        return node.asInt();
    }

    /**
     * An unsigned 32-bit integer (0..4294967295, decimal or TOML hex such as {@code 0x10010}),
     * returned as its bit pattern in an {@code int}, or {@code fallback} when the key is absent.
     */
    int unsigned32(String key, int fallback) {
        JsonNode node = table.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < 0 || node.asLong() > 0xFFFF_FFFFL) {
            problem(key, "must be an integer in 0..4294967295 (0xFFFFFFFF), got " + describe(node));
            return fallback;
        }
        return (int) node.asLong();
    }

    /** A long in {@code min..max}, or {@code fallback} when the key is absent or invalid. */
    long longInteger(String key, long min, long max, long fallback) {
        JsonNode node = table.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            problem(key, "must be an integer in " + min + ".." + max + ", got " + describe(node));
            return fallback;
        }
        return node.asLong();
    }

    boolean bool(String key, boolean fallback) {
        JsonNode node = table.get(key);
        if (node == null) {
            return fallback;
        }
        if (!node.isBoolean()) {
            problem(key, "must be true or false, got " + describe(node));
            return fallback;
        }
        return node.asBoolean();
    }

    /** An enum written in kebab case, e.g. {@code drop-oldest} for {@code DROP_OLDEST}. */
    <E extends Enum<E>> E enumValue(String key, Class<E> type, E fallback) {
        String text = string(key, fallback == null ? null : kebab(fallback));
        if (text == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> valid = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                valid.add(kebab(constant));
            }
            problem(key, "'" + text + "' is not one of " + String.join(", ", valid));
            return fallback;
        }
    }

    List<Integer> integers(String key, int min, int max, List<Integer> fallback) {
        JsonNode node = table.get(key);
        if (node == null) {
            return fallback;
        }
        List<Integer> values = new ArrayList<>();
        if (!node.isArray()) {
            problem(key, "must be an array of integers in " + min + ".." + max + ", got " + describe(node));
            return fallback;
        }
        for (JsonNode element : node) {
            if (!element.isIntegralNumber() || element.asLong() < min || element.asLong() > max) {
                problem(key, "every element must be an integer in " + min + ".." + max + ", got " + describe(element));
            } else {
                values.add(element.asInt());
            }
        }
        return values;
    }

    List<String> strings(String key) {
        JsonNode node = table.get(key);
        List<String> values = new ArrayList<>();
        if (node == null) {
            return values;
        }
        if (!node.isArray()) {
            problem(key, "must be an array of strings, got " + describe(node));
            return values;
        }
        for (JsonNode element : node) {
            if (element.isTextual() && !element.asText().isBlank()) {
                values.add(element.asText());
            } else {
                problem(key, "every element must be a non-empty string, got " + describe(element));
            }
        }
        return values;
    }

    /** A table of port numbers keyed by level name, e.g. {@code ports = { strict = 7501 }}. */
    Map<String, Integer> ports(String key) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        TableReader inner = table(key, true);
        if (inner == null) {
            return ports;
        }
        for (Iterator<String> it = inner.table.fieldNames(); it.hasNext(); ) {
            String level = it.next();
            ports.put(level, inner.integer(level, 1, 65_535, null));
        }
        return ports;
    }

    /** A table of strings keyed by level name, e.g. {@code uds-paths = { strict = "/run/tempos/strict.sock" }}. */
    Map<String, String> stringsByLevel(String key) {
        Map<String, String> values = new LinkedHashMap<>();
        TableReader inner = table(key, false);
        if (inner == null) {
            return values;
        }
        for (Iterator<String> it = inner.table.fieldNames(); it.hasNext(); ) {
            String level = it.next();
            String value = inner.string(level, null);
            if (value != null) {
                values.put(level, value);
            }
        }
        return values;
    }

    /** The array of tables {@code key} ({@code [[key]]} or {@code key = [ {…}, … ]}), each at path {@code key[i]}. */
    List<TableReader> tables(String key) {
        JsonNode node = table.get(key);
        List<TableReader> tables = new ArrayList<>();
        if (node == null) {
            return tables;
        }
        if (!node.isArray()) {
            problem(key, "must be an array of tables, got " + describe(node));
            return tables;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (element.isObject()) {
                tables.add(new TableReader(element, path(key) + "[" + i + "]", problems));
            } else {
                problems.add(path(key) + "[" + i + "]: must be a table, got " + describe(element));
            }
        }
        return tables;
    }

    /** The sub-table {@code key}, or null (with a problem when required or not a table). */
    TableReader table(String key, boolean required) {
        JsonNode node = table.get(key);
        if (node == null) {
            if (required) {
                problem(key, "missing table");
            }
            return null;
        }
        if (!node.isObject()) {
            problem(key, "must be a table, got " + describe(node));
            return null;
        }
        return new TableReader(node, path(key), problems);
    }

    /**
     * The elements of the array of tables {@code key} ({@code key = [ {…}, {…} ]} or
     * {@code [[…key]]}), each a reader with path {@code key[i]}; empty when absent.
     */
    List<TableReader> tableArray(String key) {
        JsonNode node = table.get(key);
        List<TableReader> elements = new ArrayList<>();
        if (node == null) {
            return elements;
        }
        if (!node.isArray()) {
            problem(key, "must be an array of tables, got " + describe(node));
            return elements;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode element = node.get(i);
            if (element.isObject()) {
                elements.add(new TableReader(element, path(key) + "[" + i + "]", problems));
            } else {
                problem(key, "element " + i + " must be a table, got " + describe(element));
            }
        }
        return elements;
    }

    /** Reads every entry of the table {@code key} (a table of tables) with {@code reader}. */
    <T> Map<String, T> entries(String key, BiFunction<String, TableReader, T> reader) {
        Map<String, T> result = new LinkedHashMap<>();
        TableReader outer = table(key, false);
        if (outer == null) {
            return result;
        }
        for (Iterator<String> it = outer.table.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            TableReader entry = outer.table(name, true);
            if (entry != null) {
                if (!ConfigLoader.isValidName(name)) {
                    outer.problem(name, "invalid name: use 1..64 letters, digits, '-' or '_'");
                }
                result.put(name, reader.apply(name, entry));
            }
        }
        return result;
    }

    static <E extends Enum<E>> String kebab(E constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static String describe(JsonNode node) {
        Function<JsonNode, String> kind = n -> n.isTextual() ? "string" : n.isNumber() ? "number"
                : n.isBoolean() ? "boolean" : n.isArray() ? "array" : n.isObject() ? "table" : "value";
        String text = node.isContainerNode() ? "" : " " + node.toString();
        return kind.apply(node) + text;
    }
}
