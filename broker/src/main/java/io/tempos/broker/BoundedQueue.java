package io.tempos.broker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded lock-free queue for many producers and many consumers (Vyukov's array queue):
 * each cell carries a sequence number that tells whether it is free for the producer of a
 * given position or full for its consumer. No allocation after construction.
 *
 * <p>The broker uses it with one producer (a level's receiver) and up to two consumers (the
 * level's queue processor, and the receiver itself when its overflow policy evicts the oldest
 * event) — the reason it is not a single-consumer queue.
 *
 * @param <E> element type
 */
final class BoundedQueue<E> {

    private static final VarHandle SEQUENCE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(BoundedQueue.class, "head", long.class);
            TAIL = lookup.findVarHandle(BoundedQueue.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int mask;
    private final int capacity;
    private final long[] sequences;
    private final Object[] elements;
    @SuppressWarnings("unused") // through TAIL
    private volatile long tail;
    @SuppressWarnings("unused") // through HEAD
    private volatile long head;

    /** A queue of exactly {@code capacity} elements (the ring itself is the next power of two). */
    BoundedQueue(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("capacity " + capacity + " outside 1..2^30");
        }
        this.capacity = capacity;
        int ring = Integer.highestOneBit(Math.max(2, capacity - 1) << 1);
        this.mask = ring - 1;
        this.sequences = new long[ring];
        this.elements = new Object[ring];
        for (int i = 0; i < ring; i++) {
            sequences[i] = i;
        }
    }

    int capacity() {
        return capacity;
    }

    /** Adds {@code element}; false when the queue holds {@link #capacity()} elements. */
    boolean offer(E element) {
        while (true) {
            long position = (long) TAIL.getVolatile(this);
            if (position - (long) HEAD.getVolatile(this) >= capacity) {
                return false;
            }
            int index = (int) position & mask;
            long sequence = (long) SEQUENCE.getAcquire(sequences, index);
            long difference = sequence - position;
            if (difference == 0) {
                if (TAIL.compareAndSet(this, position, position + 1)) {
                    elements[index] = element;
                    SEQUENCE.setRelease(sequences, index, position + 1);
                    return true;
                }
            } else if (difference < 0) {
                return false;
            }
            Thread.onSpinWait();
        }
    }

    /** Removes the oldest element, or returns null when the queue is empty. */
    @SuppressWarnings("unchecked")
    E poll() {
        while (true) {
            long position = (long) HEAD.getVolatile(this);
            int index = (int) position & mask;
            long sequence = (long) SEQUENCE.getAcquire(sequences, index);
            long difference = sequence - (position + 1);
            if (difference == 0) {
                if (HEAD.compareAndSet(this, position, position + 1)) {
                    E element = (E) elements[index];
                    elements[index] = null;
                    SEQUENCE.setRelease(sequences, index, position + mask + 1);
                    return element;
                }
            } else if (difference < 0) {
                return null;
            }
            Thread.onSpinWait();
        }
    }

    /** Elements currently queued; exact only when no one offers or polls meanwhile. */
    int size() {
        long size = (long) TAIL.getVolatile(this) - (long) HEAD.getVolatile(this);
        return (int) Math.max(0, Math.min(size, capacity));
    }

    boolean isEmpty() {
        return size() == 0;
    }
}
