package io.tempos.trigger;

import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.config.TsnSpec;
import io.tempos.core.event.ControlFrame;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.eventlog.EventLog;
import io.tempos.core.eventlog.EventPoint;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.DropReason;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Turns an accepted outside event into a frame and sends it to the broker's ingress of the
 * level, through a sender of the level's channel adapter (which carries the level's priority).
 * One forwarder per ingress endpoint; safe for the several threads of one endpoint (each encodes
 * into its own buffer; the adapters' senders take several threads).
 */
final class EventForwarder implements AutoCloseable {

    private final AtomicLong nextId;
    private final SendChannel channel;
    private final Endpoint broker;
    private final QosLevel level;
    private final String channelName;
    private final EventLog eventLog;
    private final ThreadLocal<ByteBuffer> buffers = ThreadLocal.withInitial(
            () -> ByteBuffer.allocateDirect(EventFrame.MAX_DATAGRAM_BYTES).order(ByteOrder.LITTLE_ENDIAN));
    private final ThreadLocal<EventFrame> frames = ThreadLocal.withInitial(EventFrame::new);
    /** Synchronous requests waiting for a result on this forwarder's socket. */
    private final PendingReplies replies = new PendingReplies(MAX_PENDING_REPLIES);

    /** How many synchronous requests one forwarder (one endpoint) can have waiting; the endpoint's own limit is lower. */
    static final int MAX_PENDING_REPLIES = 1024;

    /**
     * @param tsn the deployment's TSN schedule, or null: a channel that carries transmit times stamps each frame from it
     * @param ids the trigger's event id sequence, shared by all its forwarders so that ids are
     *            unique per trigger (see {@link #newIdSequence()})
     * @param eventLog the trigger's event log, which every event sent (or not) is appended to
     */
    EventForwarder(QosLevel level, ChannelAdapter adapter, Endpoint broker, TsnSpec tsn, AtomicLong ids, EventLog eventLog)
            throws IOException {
        this.channel = adapter.openSender(broker, level, tsn);
        this.broker = broker;
        this.level = level;
        this.channelName = adapter.name();
        this.nextId = ids;
        this.eventLog = eventLog;
    }

    /** A trigger's event ids: random high bits, so that ids rarely collide across triggers, and a counter below. */
    static AtomicLong newIdSequence() {
        return new AtomicLong(ThreadLocalRandom.current().nextLong() & 0x7FFF_0000_0000_0000L);
    }

    /**
     * Encodes and sends one event.
     *
     * @param createdNanos when the trigger accepted the outside event (the {@link Hop#CREATED} stamp)
     * @return the event id (&ge; 0), or {@code -1 - reason.ordinal()} of the {@link DropReason}
     */
    long forward(WorkflowDirectory.Entry workflow, ByteBuffer payload, int payloadLength, long createdNanos) {
        return forward(workflow, payload, payloadLength, createdNanos, false);
    }

    /**
     * Like {@link #forward(WorkflowDirectory.Entry, ByteBuffer, int, long)}; with {@code reply} the
     * event carries {@link ControlFrame#REPLY} and its id is {@link PendingReplies#open}ed in
     * {@link #replies()} before it is sent (refused as {@code queue-full} when too many wait).
     */
    long forward(WorkflowDirectory.Entry workflow, ByteBuffer payload, int payloadLength, long createdNanos, boolean reply) {
        ByteBuffer buffer = buffers.get();
        buffer.clear();
        if (EventFrame.encodedLength(workflow.workflowBytes(), workflow.levelBytes(), payloadLength) > buffer.capacity()) {
            return -1 - DropReason.OVERSIZED.ordinal();
        }
        long id = nextId.getAndIncrement();
        EventFrame.encode(buffer, id, workflow.workflowBytes(), workflow.levelBytes(), payload, payloadLength);
        buffer.flip();
        EventFrame frame = frames.get().wrap(buffer, 0);
        if (reply) {
            if (!replies.open(id)) {
                return -1 - DropReason.QUEUE_FULL.ordinal();
            }
            frame.flag(ControlFrame.REPLY, true);
        }
        frame.stamp(Hop.CREATED, createdNanos);
        frame.stamp(Hop.TRIGGER_OUT, System.nanoTime());
        boolean sent = channel.send(buffer) > 0;
        eventLog.record(EventPoint.TRIGGER_OUT, frame, sent ? null : DropReason.SEND_FAILED);
        if (!sent && reply) {
            replies.cancel(id);
        }
        return sent ? id : -1 - DropReason.SEND_FAILED.ordinal();
    }

    /**
     * Starts reading what the broker sends back to this forwarder's sender (rejections, results),
     * on a daemon thread named {@code threadName} that ends when the forwarder closes.
     */
    void listenForRejections(Supplier<WorkflowDirectory> directory,
                             io.tempos.core.stats.ComponentStats stats, String threadName) {
        Thread.ofPlatform().name(threadName).daemon(true).start(new RejectionListener(channel, directory, stats, replies));
    }

    /** Whether frames sent now can go out (a stream channel's connection is up). */
    boolean connected() {
        return channel.connected();
    }

    QosLevel level() {
        return level;
    }

    /** The name of the channel adapter it sends through. */
    String channelName() {
        return channelName;
    }

    /** Where this forwarder sends. */
    Endpoint broker() {
        return broker;
    }

    /** Frames its sender took and then knew lost (a stream connection broke mid-frame). */
    long lostFrames() {
        return channel.lostFrames();
    }

    /** The synchronous requests waiting for results on this forwarder's socket. */
    PendingReplies replies() {
        return replies;
    }

    static DropReason reasonOf(long result) {
        return DropReason.of((int) (-1 - result));
    }

    @Override
    public void close() {
        channel.close();
    }
}
