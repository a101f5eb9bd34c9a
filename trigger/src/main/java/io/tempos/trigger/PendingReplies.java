package io.tempos.trigger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The synchronous requests of one forwarder waiting for their function's result, by event id.
 * The endpoint thread {@link #open}s an id before the event is sent (so a fast result cannot
 * arrive unexpected), then {@link #await}s it; the forwarder's socket reader
 * ({@link RejectionListener}) {@link #complete}s it when the {@code RESULT} (or a
 * {@code REJECT}) comes back.
 *
 * <p>Bounded: at most {@code capacity} ids wait; {@link #open} refuses more. An id leaves the
 * map when its reply comes or when its waiter gives up ({@link #await} timed out): expiry is the
 * waiter's timeout, so nothing lingers. A result for an id no longer waiting is discarded and
 * counted as {@link #lateResults()}. Safe for any threads.
 */
final class PendingReplies {

    /** A status beyond the RESULT frame's: the broker rejected the event (its queue was full). */
    static final int REJECTED = -1;

    /** What came back for an event: a {@link io.tempos.core.event.ControlFrame} result status (or {@link #REJECTED}) and the body. */
    record Reply(int status, byte[] body) {
    }

    private final ConcurrentHashMap<Long, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder late = new LongAdder();
    private final int capacity;

    PendingReplies(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("pending replies capacity " + capacity + " < 1");
        }
        this.capacity = capacity;
    }

    /** Starts waiting for the reply to {@code eventId}; false when {@code capacity} requests already wait. */
    boolean open(long eventId) {
        if (open.incrementAndGet() > capacity) {
            open.decrementAndGet();
            return false;
        }
        waiting.put(eventId, new CompletableFuture<>());
        return true;
    }

    /**
     * Waits up to {@code timeoutNs} for the reply to an {@link #open}ed {@code eventId} and stops
     * waiting for it either way.
     *
     * @return the reply, or null when none came in time (a later one counts as late)
     */
    Reply await(long eventId, long timeoutNs) throws InterruptedException {
        CompletableFuture<Reply> future = waiting.get(eventId);
        try {
            return future == null ? null : future.get(timeoutNs, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a reply future never fails", e);
        } finally {
            cancel(eventId);
        }
    }

    /** Stops waiting for {@code eventId} (its event was not sent, or its waiter gave up). */
    void cancel(long eventId) {
        if (waiting.remove(eventId) != null) {
            open.decrementAndGet();
        }
    }

    /**
     * Hands the reply to the request waiting for {@code eventId}.
     *
     * @return false when none waits (a result that came too late is counted; a rejection of an
     *     asynchronous event is not a reply to anyone and is not)
     */
    boolean complete(long eventId, Reply reply) {
        CompletableFuture<Reply> future = waiting.get(eventId);
        if (future == null) {
            if (reply.status() != REJECTED) {
                late.increment();
            }
            return false;
        }
        return future.complete(reply);
    }

    /** Results that came for requests no longer waiting (timed out), discarded. */
    long lateResults() {
        return late.sum();
    }

    /** Requests waiting now. */
    int waiting() {
        return open.get();
    }
}
