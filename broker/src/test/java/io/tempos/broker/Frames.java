package io.tempos.broker;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Frames as a trigger sends them (CREATED and TRIGGER_OUT stamped), and views of received ones. */
final class Frames {

    /** Offset of a hop's timestamp in the frame (docs/wire-format.md). */
    static int timestampOffset(Hop hop) {
        return 16 + hop.ordinal() * Long.BYTES;
    }

    private Frames() {
    }

    /** A well-formed frame with {@code payload}, stamped as the trigger would stamp it. */
    static byte[] frame(long eventId, String workflow, String level, byte[] payload) {
        byte[] w = workflow.getBytes(StandardCharsets.UTF_8);
        byte[] l = level.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(EventFrame.encodedLength(w, l, payload.length)).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame.encode(buffer, eventId, w, l, payload, 0, payload.length);
        long created = System.nanoTime();
        new EventFrame().wrap(buffer, 0).stamp(Hop.CREATED, created).stamp(Hop.TRIGGER_OUT, created + 1);
        return buffer.array();
    }

    static byte[] frame(long eventId, String workflow, String level) {
        return frame(eventId, workflow, level, ("event " + eventId).getBytes(StandardCharsets.UTF_8));
    }

    /** A flyweight over {@code bytes}, checked: fails the test when they are not a well-formed frame. */
    static EventFrame checked(byte[] bytes) {
        EventFrame frame = new EventFrame().wrap(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), 0);
        int length = frame.check(bytes.length, EventFrame.MAX_DATAGRAM_BYTES);
        if (length != bytes.length) {
            throw new AssertionError("not a well-formed frame: check gave " + length + " for " + bytes.length + " bytes");
        }
        return frame;
    }

    static void putLong(byte[] bytes, int offset, long value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(offset, value);
    }

    static void putInt(byte[] bytes, int offset, int value) {
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(offset, value);
    }
}
