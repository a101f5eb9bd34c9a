package io.tempos.core.config;

/**
 * Where a trigger runs (the paper's section III-C). Placements A (next to the source, fed over
 * Unix domain sockets) and B (a gateway between many sources and the broker) are both a
 * {@link #STANDALONE} process, told apart only by the host it runs on and the endpoints it
 * opens; placement C runs {@link #IN_BROKER}: {@code tempos broker} starts it in its own JVM
 * as a connector to an outside event system.
 */
public enum TriggerPlacement {
    /** Its own process: {@code tempos trigger --id NAME}. */
    STANDALONE,
    /** Inside the process of its broker: {@code tempos broker --id BROKER} starts it too. */
    IN_BROKER
}
