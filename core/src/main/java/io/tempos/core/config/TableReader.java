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

    /** Reads every entry of the table {@code key} (a table of tables) with {@code reader}. */
    <T> Map<String, T> entries(String key, java.util.function.BiFunction<String, TableReader, T> reader) {
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
