package io.tempos.functions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the benchmark events in {@code functions/testdata}, deterministically: filler words
 * (none contains the pattern, and spaces keep words apart) with the pattern spread evenly.
 * {@link BenchmarkEventsTest} checks that the committed files are exactly what this produces.
 *
 * <p>To regenerate, from the repository root:
 * <pre>java functions/algorithm1-java/src/test/java/io/tempos/functions/BenchmarkEvents.java functions/testdata</pre>
 */
public final class BenchmarkEvents {

    /** The standard event: ~1.5 KB, "door" 100 times. */
    static final Event STANDARD = new Event("event-1k5-100.json", 1536, 100, "door");
    /** The heavier best-effort event: ~16 KB, "door" 1000 times. */
    static final Event HEAVY = new Event("event-16k-1000.json", 16384, 1000, "door");

    record Event(String file, int size, int occurrences, String pattern) {}

    private static final String[] WORDS = {
        "the", "old", "house", "at", "the", "end", "of", "a", "quiet", "street", "had", "a", "red",
        "knocker", "and", "two", "tall", "windows", "where", "light", "fell", "on", "wooden", "floors",
        "every", "morning", "before", "anyone", "woke", "up",
    };

    private BenchmarkEvents() {}

    /** The event's JSON, about {@code size} bytes, without a trailing newline. */
    static String json(Event e) {
        String head = "{\"message\":\"";
        String tail = "\",\"pattern\":\"" + e.pattern() + "\"}";
        int length = e.size() - head.length() - tail.length();
        StringBuilder message = new StringBuilder(length + 16);
        int w = 0;
        for (int k = 1; k <= e.occurrences(); k++) {
            // The k-th occurrence ends near k/occurrences of the message.
            long end = (long) length * k / e.occurrences() - e.pattern().length() - 1;
            while (message.length() < end) {
                message.append(WORDS[w++ % WORDS.length]).append(' ');
            }
            message.append(e.pattern()).append(k < e.occurrences() ? ' ' : '.');
        }
        return head + message + tail;
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "functions/testdata");
        for (Event e : new Event[] {STANDARD, HEAVY}) {
            Files.writeString(dir.resolve(e.file()), json(e), StandardCharsets.UTF_8);
        }
    }
}
