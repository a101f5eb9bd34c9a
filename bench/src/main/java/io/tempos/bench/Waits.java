package io.tempos.bench;

import io.tempos.core.qos.WaitStrategy;

import java.util.List;
import java.util.Locale;

/**
 * The wait strategies of a queue processor by the names a deployment file's {@code wait} key
 * and the benchmark's {@code --wait} option use: {@code park}, {@code yield}, {@code spin}.
 */
final class Waits {

    /** Every strategy, the default first, then by the CPU they are expected to burn while idle. */
    static final List<String> NAMES = List.of(label(WaitStrategy.PARK), label(WaitStrategy.YIELD), label(WaitStrategy.SPIN));
    /** The built-in levels' wait: what the benchmarks run unless told otherwise. */
    static final String DEFAULT = label(WaitStrategy.PARK);

    private Waits() {
    }

    static String label(WaitStrategy wait) {
        return wait.name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the strategies when {@code name} is none of them */
    static WaitStrategy named(String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("no wait strategy named '" + name + "'; strategies: " + NAMES);
        }
        return WaitStrategy.valueOf(name.toUpperCase(Locale.ROOT));
    }
}
