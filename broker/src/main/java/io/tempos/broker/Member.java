package io.tempos.broker;

import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.config.TsnSpec;
import io.tempos.core.event.ControlFrame;
import io.tempos.core.event.EventFrame;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One invoker of a level as its lane's queue processor sees it: a sender of the level's channel
 * adapter to the invoker's level socket (a connected UDP socket reports an ICMP port-unreachable
 * as {@link SendChannel#UNREACHABLE}), the events sent and not yet acknowledged, and until when it
 * counts as down; plus a reader thread that takes what the invoker sends back on that sender
 * ({@link SendChannel#awaitReply}): acknowledgements, which lower the outstanding count of
 * least-outstanding groups, and the results of synchronous events, which it relays to their
 * trigger ({@link ResultRelay}). The reader also keeps a stream adapter's connection up.
 *
 * <p>Threads: the processor alone sends and writes the down marks; the reader writes only
 * {@link #outstanding} (atomic) and {@link #reportedUnreachable} (volatile), which the processor
 * folds into its marks. The marks are volatile so that a management thread can report them
 * ({@link #downReason}); they change only when a member goes down or up, never per event.
 */
final class Member implements AutoCloseable {

    /** {@link #send} outcomes. */
    static final int SENT = 1;
    static final int UNREACHABLE = -1;
    static final int SEND_FAILED = -2;

    private static final System.Logger LOG = System.getLogger(Member.class.getName());

    private final String invokerId;
    private final Endpoint endpoint;
    private final SendChannel channel;
    private final AtomicLong outstanding = new AtomicLong();
    private volatile boolean reportedUnreachable;
    private volatile long downUntilNs;
    private volatile boolean downByHealth;

    private Member(String invokerId, Endpoint endpoint, SendChannel channel) {
        this.invokerId = invokerId;
        this.endpoint = endpoint;
        this.channel = channel;
    }

    /**
     * A member with its own sender of {@code level}'s adapter (given the deployment's TSN schedule,
     * or null) and a reader thread named {@code threadName}; a member whose sender cannot open
     * fails every send.
     */
    static Member open(String invokerId, Endpoint endpoint, ChannelAdapter adapter, QosLevel level, TsnSpec tsn, ResultRelay relay,
                       String threadName) {
        SendChannel channel;
        try {
            channel = adapter.openSender(endpoint, level, tsn);
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot open a " + adapter.name() + " sender to invoker " + invokerId + " at "
                    + endpoint + ": " + e.getMessage());
            return new Member(invokerId, endpoint, null);
        }
        Member member = new Member(invokerId, endpoint, channel);
        Thread.ofPlatform().name(threadName).daemon(true).start(() -> member.readReplies(relay));
        return member;
    }

    String invokerId() {
        return invokerId;
    }

    Endpoint endpoint() {
        return endpoint;
    }

    long outstanding() {
        return outstanding.get();
    }

    /** Whether the sender's connection is up (always, for a datagram adapter); false when it could not open. */
    boolean connected() {
        return channel != null && channel.connected();
    }

    boolean isUp(long nowNs) {
        if (reportedUnreachable) {
            reportedUnreachable = false;
            unreachable(nowNs, Delivery.UNREACHABLE_RETRY_NS);
        }
        return !downByHealth && nowNs - downUntilNs >= 0;
    }

    /**
     * Why the processor leaves this member out now, or null when it is up; any thread, changes
     * nothing (unlike {@link #isUp}, which folds the reader's report into the marks).
     */
    String downReason(long nowNs) {
        if (downByHealth) {
            return "its health poll (GET /health) failed " + MemberHealthWatch.FAILURES_TO_DOWN + " times in a row";
        }
        if (reportedUnreachable || nowNs - downUntilNs < 0) {
            return "the kernel reported its port unreachable (nothing listens there); it is tried again within "
                    + TimeUnit.NANOSECONDS.toMillis(Delivery.UNREACHABLE_RETRY_NS) + " ms";
        }
        return null;
    }

    /** When this member went (or goes) down last; used to pick among members that are all down. */
    long downUntilNs() {
        return downByHealth ? Long.MAX_VALUE : downUntilNs;
    }

    /** Marks it down for {@code retryNs}: the kernel said nothing listens on its port. */
    void unreachable(long nowNs, long retryNs) {
        downUntilNs = nowNs + retryNs;
    }

    /** The broker's health poll of its invoker says {@code up} (down stays until it says up again). */
    void health(boolean up) {
        downByHealth = !up;
        if (up) {
            downUntilNs = 0;
        }
    }

    /**
     * Sends the event frame between the buffer's position (0) and limit, unchanged but for its
     * {@link ControlFrame#ACK_WANTED} flag, set when {@code counted} (a least-outstanding group
     * counts this member's acknowledgements). Allocates nothing.
     */
    int send(ByteBuffer frame, boolean counted) {
        if (channel == null) {
            return SEND_FAILED;
        }
        ControlFrame.ackWanted(frame, counted);
        int sent = channel.send(frame);
        if (sent >= 0) {
            if (counted) {
                outstanding.incrementAndGet();
            }
            return SENT;
        }
        return sent == SendChannel.UNREACHABLE ? UNREACHABLE : SEND_FAILED;
    }

    /** The reader thread: until the sender closes, takes the invoker's acknowledgements and results. */
    private void readReplies(ResultRelay relay) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(EventFrame.MAX_DATAGRAM_BYTES + 1).order(ByteOrder.LITTLE_ENDIAN);
        ReceiveChannel.ReplyTo handle = relay.newHandle();
        while (true) {
            int length = channel.awaitReply(buffer);
            if (length == SendChannel.CLOSED) {
                return;
            }
            if (length == SendChannel.UNREACHABLE) {
                reportedUnreachable = true;
                continue;
            }
            if (length <= 0) {
                continue;
            }
            if (ControlFrame.ackedEventId(buffer, length) >= 0) {
                outstanding.getAndUpdate(n -> n > 0 ? n - 1 : 0);
                continue;
            }
            long eventId = ControlFrame.hasFlags(buffer, length, ControlFrame.RESULT) ? ControlFrame.resultEventId(buffer, length) : -1;
            if (eventId >= 0) {
                relay.relay(eventId, buffer, length, handle);
            } else if (LOG.isLoggable(System.Logger.Level.DEBUG)) {   // per stray datagram: no string unless logged
                LOG.log(System.Logger.Level.DEBUG, "invoker " + invokerId + " at " + endpoint + " sent back " + length
                        + " bytes that are neither an acknowledgement nor a result; ignored");
            }
        }
    }

    /** Frames its sender knew lost (a stream connection broke mid-frame). */
    long lostFrames() {
        return channel == null ? 0 : channel.lostFrames();
    }

    @Override
    public void close() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public String toString() {
        return invokerId + "@" + endpoint;
    }
}
