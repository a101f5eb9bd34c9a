package io.tempos.broker;

import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.event.ControlFrame;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.FrameError;
import io.tempos.core.event.Hop;
import io.tempos.core.eventlog.EventPoint;
import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.sys.Linux;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The ingress of one level: receives frames from the level's channel (one per datagram, or one
 * per length-prefixed frame of a stream connection), stamps broker-in, checks and routes each
 * frame, and offers it to the level's queue under the level's overflow policy. Every frame ends
 * as a queued event or a counted drop — garbage, a frame larger than the buffer or a stream's
 * announced length above the adapter's limit included; nothing thrown escapes the loop.
 *
 * <p>Allocates nothing per event once warm: the workflow is found from the frame's name bytes
 * ({@link RoutingTable#route(EventFrame)}), names are compared in place, and the channel fills
 * one reply handle owned by this thread. Under the {@code reject} policy a refused event is
 * answered with a {@link ControlFrame#REJECT} frame through {@link ReceiveChannel#reply}.
 */
final class LevelReceiver implements Runnable {

    private static final System.Logger LOG = System.getLogger(LevelReceiver.class.getName());

    private final String level;
    private final byte[] levelBytes;
    private final OverflowPolicy overflow;
    private final ReceiveChannel ingress;
    private final ResultRelay relay;
    private final BoundedQueue<FrameSlot> queue;
    private final BoundedQueue<FrameSlot> free;
    private final WakeSignal signal;
    private final Supplier<RoutingTable> routes;
    private final ComponentStats stats;
    private final ByteBuffer scratch = ByteBuffer.allocateDirect(EventFrame.MAX_DATAGRAM_BYTES + 1).order(ByteOrder.LITTLE_ENDIAN);
    private final EventFrame frame = new EventFrame();
    private final ByteBuffer rejection = ByteBuffer.allocateDirect(EventFrame.HEADER_BYTES + 2 * 255).order(ByteOrder.LITTLE_ENDIAN);
    private final LaneProgress progress;
    private final ReceiveChannel.ReplyTo sender;
    private final ReceiveChannel.ReplyTo relayHandle;

    /** How many synchronous events per lane can wait for their result at once. */
    static final int REPLY_ROUTES = 4096;

    LevelReceiver(String level, OverflowPolicy overflow, ReceiveChannel ingress, ResultRelay relay, BoundedQueue<FrameSlot> queue,
                  BoundedQueue<FrameSlot> free, WakeSignal signal, Supplier<RoutingTable> routes, ComponentStats stats,
                  LaneProgress progress) {
        this.level = level;
        this.levelBytes = level.getBytes(StandardCharsets.UTF_8);
        this.progress = progress;
        this.overflow = overflow;
        this.ingress = ingress;
        this.relay = relay;
        this.queue = queue;
        this.free = free;
        this.signal = signal;
        this.routes = routes;
        this.stats = stats;
        this.sender = ingress.newReplyTo();
        this.relayHandle = relay.newHandle();
    }

    @Override
    public void run() {
        progress.receiverTid(Linux.gettid());
        while (true) {
            int length = ingress.receive(scratch, sender);
            if (length == ReceiveChannel.CLOSED) {
                return;
            }
            progress.read();
            if (length == ReceiveChannel.TOO_LARGE) {
                stats.unattributed().dropped(DropReason.OVERSIZED);
                continue;
            }
            if (length < 0) {
                // TRUNCATED: a sender's connection ended inside a frame; FAILED: the socket failed mid-frame.
                stats.unattributed().dropped(DropReason.MALFORMED);
                if (length == ReceiveChannel.FAILED) {
                    LOG.log(System.Logger.Level.WARNING, "broker " + level + " ingress: the channel failed to receive a frame");
                }
                continue;
            }
            try {
                onFrame(length, System.nanoTime());
            } catch (RuntimeException e) {
                stats.unattributed().dropped(DropReason.MALFORMED);
                LOG.log(System.Logger.Level.WARNING, "broker " + level + " ingress: " + e);
            }
        }
    }

    private void onFrame(int length, long now) {
        if (ControlFrame.hasFlags(scratch, length, ControlFrame.RESULT)) {
            relayResult(length);
            return;
        }
        frame.wrap(scratch, 0);
        int checked = frame.check(length, EventFrame.MAX_DATAGRAM_BYTES);
        if (checked < 0) {
            stats.unattributed().dropped(FrameError.ofCode(checked) == FrameError.OVERSIZED ? DropReason.OVERSIZED : DropReason.MALFORMED);
            return;
        }
        frame.stamp(Hop.BROKER_IN, now);
        stats.eventLog().record(EventPoint.BROKER_IN, frame, null);
        Route route = routes.get().route(frame);
        if (route == null) {
            // Counted unattributed: a per-name entry would let garbage grow the stats without bound.
            stats.unattributed().dropped(DropReason.UNKNOWN_WORKFLOW);
            return;
        }
        route.stats().received();
        if (!route.level().equals(level) || !frame.levelEquals(levelBytes)) {
            route.stats().dropped(DropReason.WRONG_LEVEL);
            return;
        }
        // The queue is full when it holds its capacity, whether the pool's spare slot is in the
        // processor's hands (sending) or back in the pool (the processor is stalled or starved).
        FrameSlot slot = queue.size() < queue.capacity() ? free.poll() : null;
        if (slot == null) {
            slot = overflow(route);
            if (slot == null) {
                return;
            }
        }
        if ((frame.flags() & ControlFrame.REPLY) != 0) {
            // The invoker's result comes back through the member's sender and goes out through this channel.
            relay.record(frame.eventId(), sender);
        }
        slot.fill(scratch, length, route);
        if (!queue.offer(slot)) {
            // A consumer has claimed the cell this offer needs but not yet released it.
            route.stats().dropped(DropReason.QUEUE_FULL);
            free.offer(slot);
            return;
        }
        signal.signal();
    }

    /** The queue is full: applies the level's policy; returns a slot to fill, or null to drop. */
    private FrameSlot overflow(Route route) {
        switch (overflow) {
            case DROP_OLDEST -> {
                FrameSlot oldest = queue.poll();
                if (oldest != null) {
                    oldest.route().stats().dropped(DropReason.EVICTED);
                    return oldest;
                }
                // The processor emptied the queue meanwhile: take a slot it gave back, if any.
                FrameSlot spare = free.poll();
                if (spare == null) {
                    route.stats().dropped(DropReason.QUEUE_FULL);
                }
                return spare;
            }
            case REJECT -> {
                // Counted here, once; the sender's count of rejections it hears of is an observation.
                route.stats().dropped(DropReason.REJECTED);
                reject();
                return null;
            }
            default -> {
                route.stats().dropped(DropReason.QUEUE_FULL);
                return null;
            }
        }
    }

    /**
     * A {@link ControlFrame#RESULT} on the ingress (results normally come back through the
     * members' senders): relayed like those, to recorded senders only. A frame that only looks
     * like one (its flags byte) and is not well formed is garbage, counted {@code malformed}.
     */
    private void relayResult(int length) {
        long eventId = ControlFrame.resultEventId(scratch, length);
        if (eventId < 0) {
            stats.unattributed().dropped(DropReason.MALFORMED);
            return;
        }
        relay.relay(eventId, scratch, length, relayHandle);
    }

    /** Tells the sender of the current frame that it was rejected; best effort on an unreliable channel. */
    private void reject() {
        ControlFrame.encodeReject(frame, rejection);
        int sent = ingress.reply(rejection, sender);
        if (sent < 0 && LOG.isLoggable(System.Logger.Level.DEBUG)) {   // per refused event under overload: no string unless logged
            LOG.log(System.Logger.Level.DEBUG, "broker " + level + ": cannot send a rejection: " + SendChannel.describe(sent));
        }
    }
}
