package io.tempos.trigger;

import io.tempos.core.channel.SendChannel;
import io.tempos.core.event.ControlFrame;
import io.tempos.core.event.EventFrame;
import io.tempos.core.stats.ComponentStats;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.Supplier;

/**
 * Reads what the broker sends back to a forwarder's sender ({@link SendChannel#awaitReply}): {@link ControlFrame#REJECT} frames
 * for events its full queue refused under the {@code reject} policy. Each is counted as
 * {@code rejectedByBroker} on its workflow: an observation of the broker's drop (which the
 * broker counts as {@code rejected}), not a drop of the trigger's own, so a sum of drops over
 * the components counts the event once. {@link ControlFrame#RESULT} frames (and rejections of
 * synchronous events) complete the request waiting in {@link PendingReplies}. Anything else on
 * the socket is ignored.
 *
 * <p>Runs on its own daemon thread with normal scheduling, blocked in receive: rejections come
 * only when the broker is overloaded, and counting them must not take CPU from the endpoints.
 */
final class RejectionListener implements Runnable {

    private static final System.Logger LOG = System.getLogger(RejectionListener.class.getName());

    private final SendChannel channel;
    private final Supplier<WorkflowDirectory> directory;
    private final ComponentStats stats;
    private final PendingReplies replies;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(EventFrame.MAX_DATAGRAM_BYTES + 1).order(ByteOrder.LITTLE_ENDIAN);
    private final EventFrame frame = new EventFrame();

    RejectionListener(SendChannel channel, Supplier<WorkflowDirectory> directory, ComponentStats stats, PendingReplies replies) {
        this.replies = replies;
        this.channel = channel;
        this.directory = directory;
        this.stats = stats;
    }

    @Override
    public void run() {
        while (true) {
            int length = channel.awaitReply(buffer);
            if (length == SendChannel.CLOSED) {
                return;
            }
            if (length <= 0) {
                continue;   // the broker's port was unreachable for a moment, or a reply larger than the buffer
            }
            try {
                onDatagram(length);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.DEBUG, "reading rejections: " + e);
            }
        }
    }

    private void onDatagram(int length) {
        if (ControlFrame.hasFlags(buffer, length, ControlFrame.RESULT)) {
            long eventId = ControlFrame.resultEventId(buffer, length);
            if (eventId >= 0) {
                byte[] body = new byte[length - ControlFrame.RESULT_HEADER_BYTES];
                buffer.get(ControlFrame.RESULT_HEADER_BYTES, body);
                if (!replies.complete(eventId, new PendingReplies.Reply(ControlFrame.resultStatus(buffer), body))) {
                    LOG.log(System.Logger.Level.DEBUG, "result of event " + eventId + " came after its request stopped waiting; discarded");
                }
            }
            return;
        }
        int checked = frame.wrap(buffer, 0).check(length, buffer.capacity());
        if (checked < 0 || frame.flags() != ControlFrame.REJECT) {
            return;
        }
        WorkflowDirectory.Entry workflow = directory.get().get(frame.workflow());
        if (workflow != null) {
            stats.of(workflow.workflow()).rejectedByBroker();
        }
        replies.complete(frame.eventId(), new PendingReplies.Reply(PendingReplies.REJECTED, new byte[0]));
    }
}
