package io.tempos.broker;

import io.tempos.core.event.EventFrame;

import java.util.Collection;

/**
 * Workflow name bytes → {@link Route}, looked up straight from a frame: an open-addressing table
 * keyed by {@link EventFrame#workflowHash()} and confirmed with
 * {@link EventFrame#workflowEquals(byte[])}, so a lookup allocates nothing (a
 * {@code Map<String, Route>} would need the name as a new {@code String} per event).
 * Immutable once built; load factor at most one half, so probes stay short.
 */
final class NameIndex {

    private final Route[] slots;
    private final int[] hashes;
    private final int mask;

    NameIndex(Collection<Route> routes) {
        int size = Integer.highestOneBit(Math.max(4, routes.size() * 2 - 1)) << 1;
        this.slots = new Route[size];
        this.hashes = new int[size];
        this.mask = size - 1;
        for (Route route : routes) {
            int hash = EventFrame.nameHash(route.workflowBytes());
            int i = hash & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = route;
            hashes[i] = hash;
        }
    }

    /** The route of the workflow named in the checked {@code frame}, or null when there is none. */
    Route find(EventFrame frame) {
        int hash = frame.workflowHash();
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Route route = slots[i];
            if (route == null) {
                return null;
            }
            if (hashes[i] == hash && frame.workflowEquals(route.workflowBytes())) {
                return route;
            }
        }
    }
}
