package io.tempos.broker;

import io.tempos.core.channel.ReceiveChannel;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.Arrays;
import java.util.function.Supplier;

/**
 * Where the results of a lane's synchronous events go: event id &rarr; a copy of the
 * {@link ReceiveChannel.ReplyTo} of the ingress frame that carried it (the trigger's forwarder),
 * recorded by the lane's receiver for events with the {@link io.tempos.core.event.ControlFrame#REPLY}
 * flag and taken once by the member reader that gets their
 * {@link io.tempos.core.event.ControlFrame#RESULT}. Relaying only to recorded senders keeps the
 * broker from reflecting forged results anywhere.
 *
 * <p>Bounded: it holds the last {@code capacityEvents} ids; recording one more forgets the
 * oldest, whose result (if it ever comes) is then not relayed and the trigger's waiter times
 * out. The handles are allocated once, up front; recording copies into them. Thread-safe by a
 * monitor that only synchronous events take (the receiver records, member readers take).
 */
final class ReplyRoutes {

    private final Long2ObjectHashMap<ReceiveChannel.ReplyTo> routes;
    private final long[] order;
    private final ReceiveChannel.ReplyTo[] handles;
    private int next;

    ReplyRoutes(int capacityEvents, Supplier<ReceiveChannel.ReplyTo> newHandle) {
        if (capacityEvents < 1) {
            throw new IllegalArgumentException("reply routes capacity " + capacityEvents + " < 1");
        }
        this.routes = new Long2ObjectHashMap<>(capacityEvents * 2, 0.65f);
        this.order = new long[capacityEvents];
        this.handles = new ReceiveChannel.ReplyTo[capacityEvents];
        Arrays.fill(order, -1);
        for (int i = 0; i < capacityEvents; i++) {
            handles[i] = newHandle.get();
        }
    }

    /** Remembers that the result of {@code eventId} goes where {@code sender} points, forgetting the oldest id when full. */
    synchronized void record(long eventId, ReceiveChannel.ReplyTo sender) {
        long oldest = order[next];
        if (oldest >= 0) {
            routes.remove(oldest);
        }
        order[next] = eventId;
        ReceiveChannel.ReplyTo handle = handles[next];
        handle.copyFrom(sender);
        next = (next + 1) % order.length;
        routes.put(eventId, handle);
    }

    /**
     * Points {@code into} where the result of {@code eventId} goes, forgetting the id.
     *
     * @return false when the id is unknown, already taken or forgotten
     */
    synchronized boolean take(long eventId, ReceiveChannel.ReplyTo into) {
        ReceiveChannel.ReplyTo handle = routes.remove(eventId);
        if (handle == null) {
            return false;
        }
        into.copyFrom(handle);
        return true;
    }

    synchronized int size() {
        return routes.size();
    }
}
