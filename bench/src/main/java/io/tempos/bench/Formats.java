package io.tempos.bench;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** How the demo and the benchmarks print latencies and drop counts. */
public final class Formats {

    private Formats() {
    }

    /** {@code 85 µs}, {@code 3.34 ms} from 1 ms up, or {@code 12.3 ms} from 10 ms up. */
    public static String micros(double us) {
        if (us >= 10_000) {
            return String.format(Locale.ROOT, "%.1f ms", us / 1_000);
        }
        if (us >= 1_000) {
            return String.format(Locale.ROOT, "%.2f ms", us / 1_000);
        }
        return String.format(Locale.ROOT, "%.0f µs", us);
    }

    /** {@code queue-full 12, evicted 3}, or {@code -} when nothing was dropped. */
    public static String reasons(Map<String, Long> dropped) {
        if (dropped.isEmpty()) {
            return "-";
        }
        return dropped.entrySet().stream().map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }
}
