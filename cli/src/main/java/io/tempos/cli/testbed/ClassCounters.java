package io.tempos.cli.testbed;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the per-class counters of {@code tc -s class show dev X}: packets and bytes each class
 * sent, and packets its queue dropped. This tc prints no JSON for classes, so this parses text.
 */
final class ClassCounters {

    /** One class's counters; {@code handle} as tc writes it, e.g. {@code 1:10}. */
    record ClassCount(String handle, long packets, long bytes, long dropped) {
    }

    private static final Pattern CLASS = Pattern.compile("^class \\S+ (\\S+) ");
    private static final Pattern SENT = Pattern.compile("^\\s*Sent (\\d+) bytes (\\d+) pkt \\(dropped (\\d+),");

    private ClassCounters() {
    }

    static List<ClassCount> parse(String tcOutput) {
        List<ClassCount> counts = new ArrayList<>();
        String handle = null;
        for (String line : tcOutput.split("\n")) {
            Matcher c = CLASS.matcher(line);
            if (c.find()) {
                handle = c.group(1);
                continue;
            }
            Matcher s = SENT.matcher(line);
            if (handle != null && s.find()) {
                counts.add(new ClassCount(handle, Long.parseLong(s.group(2)), Long.parseLong(s.group(1)), Long.parseLong(s.group(3))));
                handle = null;
            }
        }
        return counts;
    }

    /** The counters of {@code device} in {@code namespace} now. */
    static List<ClassCount> read(String namespace, String device) throws IOException {
        return parse(Iproute.tc(namespace, List.of("-s", "class", "show", "dev", device)));
    }
}
