package io.tempos.broker;

import org.agrona.collections.Long2ObjectHashMap;

import java.net.SocketAddress;

/**
 * Where the results of a lane's synchronous events go: event id &rarr; the address the event
 * came from (the trigger's forwarder socket), recorded at ingress for events with the
 * {@link io.tempos.core.event.ControlFrame#REPLY} flag and taken once when their
 * {@link io.tempos.core.event.ControlFrame#RESULT} comes back. Relaying only to recorded
 * addresses keeps the broker from reflecting forged results anywhere.
 *
 * <p>Bounded: it holds the last {@code capacityEvents} ids; recording one more forgets the
 * oldest, whose result (if it ever comes) is then not relayed and the trigger's waiter times
 * out. Owned by the lane's receiver thread (single writer and reader); no allocation per event
 * once warm beyond the map's own.
 */
final class ReplyRoutes {

    private final Long2ObjectHashMap<SocketAddress> routes;
    private final long[] order;
    private int next;

    ReplyRoutes(int capacityEvents) {
        if (capacityEvents < 1) {
            throw new IllegalArgumentException("reply routes capacity " + capacityEvents + " < 1");
        }
        this.routes = new Long2ObjectHashMap<>(capacityEvents * 2, 0.65f);
        this.order = new long[capacityEvents];
        java.util.Arrays.fill(order, -1);
    }

    /** Remembers that the result of {@code eventId} goes to {@code sender}, forgetting the oldest id when full. */
    void record(long eventId, SocketAddress sender) {
        long oldest = order[next];
        if (oldest >= 0) {
            routes.remove(oldest);
        }
        order[next] = eventId;
        next = (next + 1) % order.length;
        routes.put(eventId, sender);
    }

    /** Where the result of {@code eventId} goes, forgetting it; null when unknown, already taken or forgotten. */
    SocketAddress take(long eventId) {
        return routes.remove(eventId);
    }

    int size() {
        return routes.size();
    }
}
