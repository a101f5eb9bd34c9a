package io.tempos.core.eventlog;

import java.util.Locale;

/**
 * Where on an event's path a component writes its event-log record. The ordinal is the code
 * in the log file (docs/measurement.md).
 */
public enum EventPoint {
    /** The trigger sent the event to the broker (or failed to): created and trigger-out are stamped. */
    TRIGGER_OUT,
    /** The broker read a well-formed frame from a level's socket: broker-in is stamped. */
    BROKER_IN,
    /** The broker's queue processor took the event off its queue to send it: broker-out is stamped. */
    BROKER_OUT,
    /** The invoker's function returned or failed: every hop is stamped. */
    INVOKER;

    private static final EventPoint[] VALUES = values();

    public static EventPoint of(int code) {
        return VALUES[code];
    }

    /** The name used in analyses, e.g. {@code broker-in}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
