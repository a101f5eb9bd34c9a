package io.tempos.broker;

import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.event.ControlFrame;

import java.nio.ByteBuffer;

/**
 * Sends a function's {@link ControlFrame#RESULT} on to the sender of its event: back through the
 * lane's ingress channel ({@link ReceiveChannel#reply}) to the trigger that asked, which the
 * receiver recorded in {@link ReplyRoutes} when the event came in. Results are observations of
 * an event already counted, not events: one whose event is unknown here (forgotten, or forged)
 * is only logged. Called by the member reply readers (and the receiver, for results that arrive
 * on the ingress), each with a reply handle of its own.
 */
final class ResultRelay {

    private static final System.Logger LOG = System.getLogger(ResultRelay.class.getName());

    private final String level;
    private final ReceiveChannel ingress;
    private final ReplyRoutes routes;

    ResultRelay(String level, ReceiveChannel ingress, int capacityEvents) {
        this.level = level;
        this.ingress = ingress;
        this.routes = new ReplyRoutes(capacityEvents, ingress::newReplyTo);
    }

    /** A reply handle for one relaying thread. */
    ReceiveChannel.ReplyTo newHandle() {
        return ingress.newReplyTo();
    }

    /** Receiver thread: the result of {@code eventId} goes where {@code sender} points. */
    void record(long eventId, ReceiveChannel.ReplyTo sender) {
        routes.record(eventId, sender);
    }

    /**
     * Relays the well-formed result of {@code eventId} at the start of {@code result}
     * ({@code length} bytes) using {@code handle}, the calling thread's own.
     *
     * @return true when it was sent on
     */
    boolean relay(long eventId, ByteBuffer result, int length, ReceiveChannel.ReplyTo handle) {
        if (!routes.take(eventId, handle)) {
            // Per forged or late result: the message is built only when it is logged.
            if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
                LOG.log(System.Logger.Level.DEBUG, "broker " + level + ": result for event " + eventId
                        + " not relayed: no synchronous event with that id waits here");
            }
            return false;
        }
        result.position(0).limit(length);
        int sent = ingress.reply(result, handle);
        if (sent < 0 && LOG.isLoggable(System.Logger.Level.DEBUG)) {
            LOG.log(System.Logger.Level.DEBUG, "broker " + level + ": cannot relay the result of event " + eventId + ": "
                    + SendChannel.describe(sent));
        }
        return sent >= 0;
    }
}
