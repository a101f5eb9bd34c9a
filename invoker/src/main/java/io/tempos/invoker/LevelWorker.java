package io.tempos.invoker;

import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.channel.SendChannel;
import io.tempos.core.event.ControlFrame;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.FrameError;
import io.tempos.core.event.Hop;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowStats;
import io.tempos.core.sys.Linux;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One worker thread of one QoS level: receives events on the level's channel (a receiver of its
 * channel adapter, shared by the level's workers, each with its own reply handle) and runs their
 * functions, one at a time, on this thread (so with the level's scheduling).
 *
 * <p>Every frame ends in exactly one count: {@code received} plus either {@code completed}
 * or one drop reason, on its workflow's stats, or on the unattributed stats when its workflow
 * cannot be known or is not served here (counting those under their claimed name would let
 * garbage create unbounded stats). Nothing escapes the loop but the channel's closing.
 *
 * <p>The function's result is left in the worker's output buffer. For an event with the
 * {@link ControlFrame#REPLY} flag (synchronous invocation) the worker sends it back, after the
 * ACK, as a {@link ControlFrame#RESULT} frame to the event's sender ({@link ReceiveChannel#reply}:
 * the broker's member sender, which relays it to the trigger): status ok with the result bytes,
 * or failed / timeout / refused with the reason ({@link ResultReply}).
 *
 * <p>After each event whose frame could be read and that carries {@link ControlFrame#ACK_WANTED}
 * (the broker counts this invoker for a least-outstanding group), the worker sends its sender a
 * 16-byte {@link ControlFrame#ACK} with the event id (docs/wire-format.md), after the function
 * returned. Events without the flag cost nothing on the way back.
 *
 * <p>Timeouts: each invocation gets a {@link Deadline}. Functions in processes (FSPAWN, DLF with
 * isolation = "process") are killed there and wasm guests and interruptible Java code stopped
 * there (counted {@code timeout}); an in-process native function that never returns holds its
 * worker for good, and one that returns late has its result discarded ({@code timeout}).
 */
final class LevelWorker implements Runnable {

    /** Larger than any UDP datagram (65,507 bytes over IPv4), so none is ever cut. */
    static final int RECEIVE_BUFFER_BYTES = 65_536;
    /** Room for one function result. */
    static final int OUTPUT_BUFFER_BYTES = 65_536;

    private final String level;
    private final byte[] levelBytes;
    /** Names this worker in log lines, e.g. {@code invoker edge strict worker}. */
    private final String role;
    private final ReceiveChannel channel;
    private final ReceiveChannel.ReplyTo sender;
    private final AtomicReference<RouteTable> routes;
    private final ComponentStats stats;
    private final RateLimitedLog log;
    private final Watchdog watchdog;
    private Deadline deadline;
    /** Little-endian like the wire format, so the flyweight reads it without a duplicate per event. */
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final MemorySegment receiveSegment = MemorySegment.ofBuffer(receiveBuffer);
    private final MemorySegment output = MemorySegment.ofBuffer(ByteBuffer.allocateDirect(OUTPUT_BUFFER_BYTES));
    private final EventFrame frame = new EventFrame();
    /** The last payload slice of the receive buffer: a flow's events mostly share one shape, so it is reused. */
    private MemorySegment input = MemorySegment.NULL;
    private long inputOffset = -1;
    private final ByteBuffer ack = ByteBuffer.allocateDirect(ControlFrame.ACK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final ResultReply reply = new ResultReply();
    private volatile int tid;
    private volatile boolean exited;

    /**
     * @param routes read here, written by the management thread only
     */
    LevelWorker(String invokerId, String level, ReceiveChannel channel, AtomicReference<RouteTable> routes,
                ComponentStats stats, RateLimitedLog log, Watchdog watchdog) {
        this.level = level;
        this.levelBytes = level.getBytes(StandardCharsets.UTF_8);
        this.role = "invoker " + invokerId + " " + level + " worker";
        this.channel = channel;
        this.sender = channel.newReplyTo();
        this.routes = routes;
        this.stats = stats;
        this.log = log;
        this.watchdog = watchdog;
    }

    String level() {
        return level;
    }

    /** The Linux thread id once the worker runs (0 before): what {@code chrt -p} takes. */
    int tid() {
        return tid;
    }

    /** True once {@link #run} has returned (the level's channel was closed). */
    boolean hasExited() {
        return exited;
    }

    @Override
    public void run() {
        tid = Linux.gettid();
        deadline = watchdog.register(Thread.currentThread());
        try {
            serve();
        } finally {
            watchdog.unregister(deadline);
            exited = true;
        }
    }

    private void serve() {
        while (true) {
            int length = channel.receive(receiveBuffer, sender);
            if (length == ReceiveChannel.CLOSED) {
                return; // the invoker is closing
            }
            // Every component stamps System.nanoTime(): CLOCK_MONOTONIC on Linux, so the hops
            // of one event are comparable across the processes of one host.
            long receivedNs = System.nanoTime();
            if (length < 0) {
                WorkflowStats unattributed = stats.unattributed();
                unattributed.received();
                unattributed.dropped(length == ReceiveChannel.TOO_LARGE ? DropReason.OVERSIZED : DropReason.MALFORMED);
                log.warn(role + ": a frame could not be received (" + (length == ReceiveChannel.TOO_LARGE ? "too large"
                        : length == ReceiveChannel.TRUNCATED ? "its connection ended inside it" : "the channel failed") + ")");
                continue;
            }
            try {
                long eventId = onDatagram(length, receivedNs);
                if (eventId >= 0) {
                    if ((frame.flags() & ControlFrame.ACK_WANTED) != 0) {
                        acknowledge(eventId);
                    }
                    if ((frame.flags() & ControlFrame.REPLY) != 0) {
                        reply.send(channel, sender, eventId, output, log, role);
                    }
                }
            } catch (Throwable t) {
                // A bug of ours, not of the event: keep serving the level, and say so loudly.
                log.warn(role + ": unexpected " + t + " while handling a frame");
            }
        }
    }

    /** Tells the broker this worker is done with event {@code eventId}; an ack that cannot go is only logged. */
    private void acknowledge(long eventId) {
        int sent = channel.reply(ControlFrame.encodeAck(ack, eventId), sender);
        if (sent < 0 && sent != SendChannel.CLOSED) {
            log.warn(role + ": cannot acknowledge event " + eventId + ": " + SendChannel.describe(sent));
        }
    }

    /**
     * Handles the {@code length} bytes at the start of the receive buffer, received at
     * {@code receivedNs}; returns the event id to acknowledge, or -1 for a frame that is not one.
     */
    private long onDatagram(int length, long receivedNs) {
        int checked = frame.wrap(receiveBuffer, 0).check(length, EventFrame.MAX_DATAGRAM_BYTES);
        if (checked < 0) {
            WorkflowStats unattributed = stats.unattributed();
            unattributed.received();
            unattributed.dropped(FrameError.ofCode(checked) == FrameError.OVERSIZED ? DropReason.OVERSIZED : DropReason.MALFORMED);
            return -1;
        }
        frame.stamp(Hop.INVOKER_IN, receivedNs);
        Route route = acquireRoute();
        if (route == null) {
            String workflow = frame.workflow();
            WorkflowStats unattributed = stats.unattributed();
            unattributed.received();
            unattributed.dropped(DropReason.UNKNOWN_WORKFLOW);
            log.warn(role + ": event " + frame.eventId() + " names workflow '" + workflow + "', which this invoker does not serve");
            reply.outcome(ControlFrame.STATUS_REFUSED, 0, "invoker does not serve workflow '" + workflow + "'");
            return frame.eventId();
        }
        try {
            route.stats().received();
            if (!route.level().equals(level) || !frame.levelEquals(levelBytes)) {
                route.stats().dropped(DropReason.WRONG_LEVEL);
                reply.outcome(ControlFrame.STATUS_REFUSED, 0, "workflow '" + route.workflow() + "' is served on level '"
                        + route.level() + "', the event came on level '" + level + "'");
                return frame.eventId();
            }
            invoke(route);
            return frame.eventId();
        } finally {
            route.function().release();
        }
    }

    /** The route of the received frame's workflow with a reference on its function, or null when not served. */
    private Route acquireRoute() {
        while (true) {
            Route route = routes.get().find(frame);
            if (route == null || route.function().acquire()) {
                return route;
            }
            // Retired between our read and our acquire: a newer table is already published.
        }
    }

    /** The receive buffer's bytes {@code [offset, offset + length)}, a new slice only when the shape changed. */
    private MemorySegment inputSlice(long offset, long length) {
        if (offset != inputOffset || length != input.byteSize()) {
            input = receiveSegment.asSlice(offset, length);
            inputOffset = offset;
        }
        return input;
    }

    private void invoke(Route route) {
        MemorySegment input = inputSlice(frame.payloadOffset(), frame.payloadLength());
        Throwable failure = null;
        long resultBytes = 0;
        long startNs = System.nanoTime();
        frame.stamp(Hop.FUNCTION_START, startNs);
        try {
            resultBytes = route.function().invocation().invoke(input, output, deadline.start(startNs, route.timeoutNs()));
        } catch (Throwable t) { // a JVM function may throw anything; the worker must survive it
            failure = t;
        }
        long endNs = System.nanoTime();
        frame.stamp(Hop.FUNCTION_END, endNs);
        if (failure instanceof FunctionFailure f && f.timedOut()) {
            route.stats().failed(DropReason.TIMEOUT, frame);
            log.warn(role + ": workflow " + route.workflow() + " event " + frame.eventId() + " timed out: " + f.getMessage());
            reply.outcome(ControlFrame.STATUS_TIMEOUT, 0, f.getMessage());
        } else if (failure != null) {
            route.stats().failed(DropReason.FUNCTION_FAILED, frame);
            String reason = failure instanceof FunctionFailure ? failure.getMessage() : failure.toString();
            log.warn(role + ": workflow " + route.workflow() + " event " + frame.eventId() + " failed: " + reason);
            reply.outcome(ControlFrame.STATUS_FAILED, 0, reason);
        } else if (endNs - startNs > route.timeoutNs()) {
            route.stats().failed(DropReason.TIMEOUT, frame);
            String reason = "ran " + (endNs - startNs) / 1_000_000 + " ms > timeout " + route.timeoutNs() / 1_000_000 + " ms; result discarded";
            log.warn(role + ": workflow " + route.workflow() + " event " + frame.eventId() + " timed out: " + reason);
            reply.outcome(ControlFrame.STATUS_TIMEOUT, 0, reason);
        } else {
            route.stats().completed(frame);
            reply.outcome(ControlFrame.STATUS_OK, resultBytes, null);
        }
    }
}
