package io.tempos.core.eventlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the components of this process write their event logs: set once, before the
 * components start ({@code --event-log DIR} on the command line), and off by default. Each
 * component then writes {@code DIR/<component id>.events}.
 */
public final class EventLogs {

    /** The suffix of every event-log file. */
    public static final String SUFFIX = ".events";
    /** Ring capacity per component: about 40,000 records of a short workflow name before one is lost. */
    static final int RING_BYTES = 1 << 22;

    private static volatile Path directory;
    /** The logs open in this process by component, for the management endpoint's metrics. */
    private static final Map<String, EventLog> OPEN = new ConcurrentHashMap<>();

    private EventLogs() {
    }

    /** Turns event logs on for components started from now on, in {@code dir}; null turns them off. */
    public static void directory(Path dir) {
        directory = dir;
    }

    /** The directory components log to, or null when event logs are off. */
    public static Path directory() {
        return directory;
    }

    /**
     * The event log of {@code component}: {@link EventLog#OFF} when logs are off, else a new
     * log writing {@code <directory>/<component>.events} (truncated).
     *
     * @throws UncheckedIOException when the file cannot be created, naming it
     */
    public static EventLog open(String component) {
        Path dir = directory;
        if (dir == null) {
            return EventLog.OFF;
        }
        Path file = dir.resolve(component + SUFFIX);
        try {
            RingEventLog log = RingEventLog.open(file, component, RING_BYTES);
            OPEN.put(component, log);
            return log;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the event log " + file + " of " + component + ": " + e.getMessage(), e);
        }
    }

    /** The event log {@link #open(String)} opened for {@code component} and not yet closed, or {@link EventLog#OFF}. */
    public static EventLog of(String component) {
        return OPEN.getOrDefault(component, EventLog.OFF);
    }

    static void closed(String component, EventLog log) {
        OPEN.remove(component, log);
    }

    /** A log writing {@code file} with a ring of {@code ringBytes} (a power of two): for tests and tools. */
    public static EventLog open(Path file, String component, int ringBytes) throws IOException {
        return RingEventLog.open(file, component, ringBytes);
    }
}
