package io.tempos.core.stats;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Frames whose hops are stamped at chosen nanosecond times, as an invoker hands them to stats. */
final class StampedFrames {

    private StampedFrames() {
    }

    /** A frame with only the hops in {@code stamps} set; every other hop is unset (0). */
    static EventFrame frame(Map<Hop, Long> stamps) {
        byte[] workflow = "w".getBytes(StandardCharsets.UTF_8);
        byte[] level = "strict".getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(EventFrame.encodedLength(workflow, level, 0));
        EventFrame.encode(buffer, 1, workflow, level, new byte[0], 0, 0);
        EventFrame frame = new EventFrame().wrap(buffer, 0);
        stamps.forEach(frame::stamp);
        return frame;
    }

    /** A frame with every hop stamped, {@code stepNanos} apart, starting at {@code createdNanos}. */
    static EventFrame everyHop(long createdNanos, long stepNanos) {
        EventFrame frame = frame(Map.of());
        for (Hop hop : Hop.values()) {
            frame.stamp(hop, createdNanos + hop.ordinal() * stepNanos);
        }
        return frame;
    }
}
