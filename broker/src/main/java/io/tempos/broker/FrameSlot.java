package io.tempos.broker;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One queued event: a copy of its frame in a reusable buffer, plus what the receiver already
 * resolved (its route), so the queue processor does not decode the frame again. Slots cycle
 * between a level's free pool and its queue; the buffer grows to the largest frame it held.
 */
final class FrameSlot {

    private ByteBuffer buffer = ByteBuffer.allocateDirect(2048).order(ByteOrder.LITTLE_ENDIAN);
    private Route route;

    /** Copies the {@code length} bytes at the start of {@code source} into this slot. */
    void fill(ByteBuffer source, int length, Route route) {
        if (buffer.capacity() < length) {
            buffer = ByteBuffer.allocateDirect(Integer.highestOneBit(length - 1) << 1).order(ByteOrder.LITTLE_ENDIAN);
        }
        buffer.clear();
        buffer.put(0, source, 0, length);
        buffer.limit(length);
        this.route = route;
    }

    /** The frame, position 0, limit its length. */
    ByteBuffer frame() {
        return buffer;
    }

    Route route() {
        return route;
    }
}
