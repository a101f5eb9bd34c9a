package io.tempos.core.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The two frames that travel against the flow of events (docs/wire-format.md, "Control frames").
 * Both start like an event frame (magic, version, flags, frame length, event id) and differ in
 * their flags:
 * <ul>
 *   <li>{@link #ACK} (16 bytes, header start only): an invoker finished with event {@code id}
 *       (completed, failed or refused); the broker counts it against the member's outstanding
 *       events.</li>
 *   <li>{@link #REJECT}: the broker's full queue refused the event under the {@code reject}
 *       overflow policy. The rejected event's header and names come back, payload dropped
 *       (payload length 0), so the sender can attribute it to its workflow.</li>
 * </ul>
 * Static, allocation-free codecs over little-endian buffers; none changes a buffer's position.
 */
public final class ControlFrame {

    /** Flags of an acknowledgement. */
    public static final int ACK = 0x01;
    /** Flags of a rejection. */
    public static final int REJECT = 0x02;
    /** The length of an acknowledgement. */
    public static final int ACK_BYTES = 16;

    private ControlFrame() {
    }

    /**
     * Writes an acknowledgement of {@code eventId} at the start of {@code out} and sets its
     * limit to {@link #ACK_BYTES}.
     */
    public static ByteBuffer encodeAck(ByteBuffer out, long eventId) {
        ByteBuffer le = littleEndian(out);
        le.putShort(EventFrame.MAGIC_OFFSET, EventFrame.MAGIC)
                .put(EventFrame.VERSION_OFFSET, EventFrame.VERSION)
                .put(EventFrame.FLAGS_OFFSET, (byte) ACK)
                .putInt(EventFrame.FRAME_LENGTH_OFFSET, ACK_BYTES)
                .putLong(EventFrame.EVENT_ID_OFFSET, eventId);
        out.position(0).limit(ACK_BYTES);
        return out;
    }

    /**
     * The event id of the acknowledgement of {@code length} bytes at the start of {@code in}, or
     * -1 when it is not one. Event ids are never negative (the trigger's high bit is clear).
     */
    public static long ackedEventId(ByteBuffer in, int length) {
        ByteBuffer le = littleEndian(in);
        if (length != ACK_BYTES || le.getShort(EventFrame.MAGIC_OFFSET) != EventFrame.MAGIC
                || le.get(EventFrame.VERSION_OFFSET) != EventFrame.VERSION
                || le.get(EventFrame.FLAGS_OFFSET) != ACK
                || le.getInt(EventFrame.FRAME_LENGTH_OFFSET) != ACK_BYTES) {
            return -1;
        }
        return le.getLong(EventFrame.EVENT_ID_OFFSET);
    }

    /**
     * Writes into {@code out} (from 0, limit set) the rejection of the checked event frame
     * {@code frame}: its header and names, flags {@link #REJECT}, no payload.
     *
     * @return the rejection's length
     */
    public static int encodeReject(EventFrame frame, ByteBuffer out) {
        ByteBuffer source = frame.buffer();
        int start = frame.namesOffset() - EventFrame.HEADER_BYTES;
        int length = frame.payloadOffset() - start;
        ByteBuffer le = littleEndian(out);
        le.clear();
        le.put(0, source, start, length);
        le.put(EventFrame.FLAGS_OFFSET, (byte) REJECT)
                .putInt(EventFrame.FRAME_LENGTH_OFFSET, length)
                .putInt(EventFrame.PAYLOAD_LENGTH_OFFSET, 0);
        out.position(0).limit(length);
        return length;
    }

    private static ByteBuffer littleEndian(ByteBuffer buffer) {
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? buffer : buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
