package io.tempos.core.event;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Encodes frames for tests and checks byte arrays as a receiver would. */
final class Frames {

    private Frames() {
    }

    static byte[] encode(long eventId, String workflow, String level, byte[] payload) {
        return encode(eventId, utf8(workflow), utf8(level), payload);
    }

    /** Raw name bytes, so that a test can put bytes in a name that are not UTF-8. */
    static byte[] encode(long eventId, byte[] workflow, byte[] level, byte[] payload) {
        ByteBuffer out = ByteBuffer.allocate(EventFrame.encodedLength(workflow, level, payload.length));
        EventFrame.encode(out, eventId, workflow, level, payload, 0, payload.length);
        return out.array();
    }

    /** {@link EventFrame#check} of the first {@code length} bytes of {@code bytes}. */
    static int check(byte[] bytes, int length, int maxFrameBytes) {
        return new EventFrame().wrap(ByteBuffer.wrap(bytes), 0).check(length, maxFrameBytes);
    }

    static int check(byte[] bytes) {
        return check(bytes, bytes.length, EventFrame.MAX_DATAGRAM_BYTES);
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String describe(int checkResult) {
        return checkResult > 0 ? "valid (" + checkResult + " bytes)" : FrameError.ofCode(checkResult).name();
    }
}
