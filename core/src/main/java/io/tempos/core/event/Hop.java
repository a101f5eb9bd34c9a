package io.tempos.core.event;

import java.util.Locale;

/**
 * The points on an event's path where a component stamps the time. The order is the order of
 * the path; {@link #ordinal()} is the timestamp's slot in the wire format.
 */
public enum Hop {
    /** The trigger accepted the outside event. */
    CREATED,
    /** The trigger handed the event to its channel towards the broker. */
    TRIGGER_OUT,
    /** The broker read the event from its level's ingress socket. */
    BROKER_IN,
    /** The broker's queue processor sent the event to a subscriber. */
    BROKER_OUT,
    /** The invoker read the event from its level's socket. */
    INVOKER_IN,
    /** The invoker's worker entered the function. */
    FUNCTION_START,
    /** The function returned (or failed). */
    FUNCTION_END;

    private static final Hop[] VALUES = values();

    public static Hop of(int ordinal) {
        return VALUES[ordinal];
    }

    public static int count() {
        return VALUES.length;
    }

    /** The wire/metric name, e.g. {@code broker-in}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
