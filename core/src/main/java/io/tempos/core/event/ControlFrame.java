package io.tempos.core.event;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The frames that travel against the flow of events (docs/wire-format.md, "Control frames").
 * Both start like an event frame (magic, version, flags, frame length, event id) and differ in
 * their flags:
 * <ul>
 *   <li>{@link #ACK} (16 bytes, header start only): an invoker finished with event {@code id}
 *       (completed, failed or refused); the broker counts it against the member's outstanding
 *       events.</li>
 *   <li>{@link #REJECT}: the broker's full queue refused the event under the {@code reject}
 *       overflow policy. The rejected event's header and names come back, payload dropped
 *       (payload length 0), so the sender can attribute it to its workflow.</li>
 *   <li>{@link #RESULT}: the function's outcome for an event that carried the {@link #REPLY}
 *       flag: a 20-byte header (the start of an event header, then a status byte and 3 reserved
 *       bytes) and the result bytes (or the failure reason).</li>
 * </ul>
 * Static, allocation-free codecs over little-endian buffers; none changes a buffer's position.
 */
public final class ControlFrame {

    /** Flags of an acknowledgement. */
    public static final int ACK = 0x01;
    /** Flags of a rejection. */
    public static final int REJECT = 0x02;
    /**
     * Event flag (not a control frame): the sender waits for the function's result, which comes
     * back as a {@link #RESULT} frame (synchronous invocation).
     */
    public static final int REPLY = 0x04;
    /** Flags of a function's result for a {@link #REPLY} event. */
    public static final int RESULT = 0x08;
    /**
     * Event flag (not a control frame), set by the broker on the copy it sends to a member of a
     * least-outstanding group: the invoker answers with an {@link #ACK} when done. Without it the
     * invoker sends no acknowledgement, so members nobody counts cost nothing on the way back.
     */
    public static final int ACK_WANTED = 0x10;
    /** Result status: the function returned; the body is its result. */
    public static final int STATUS_OK = 0;
    /** Result status: the function failed; the body is the reason (UTF-8). */
    public static final int STATUS_FAILED = 1;
    /** Result status: the function ran past its timeout; the body is the reason (UTF-8). */
    public static final int STATUS_TIMEOUT = 2;
    /** Result status: the invoker refused the event (workflow not served, wrong level); the body says why. */
    public static final int STATUS_REFUSED = 3;
    /** The header of a result: magic, version, flags, frame length, event id, status, 3 reserved bytes. */
    public static final int RESULT_HEADER_BYTES = 20;
    /** The most result bytes one datagram carries. */
    public static final int MAX_RESULT_BYTES = EventFrame.MAX_DATAGRAM_BYTES - RESULT_HEADER_BYTES;
    static final int STATUS_OFFSET = 16;
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

    /**
     * Writes a result header for {@code eventId} with {@code status} at the start of {@code out}
     * and sets the frame length and limit for {@code bodyLength} body bytes, which the caller
     * writes (or has written) from {@link #RESULT_HEADER_BYTES}.
     *
     * @throws IllegalArgumentException when the body is larger than {@link #MAX_RESULT_BYTES} or {@code out}
     */
    public static ByteBuffer encodeResultHeader(ByteBuffer out, long eventId, int status, int bodyLength) {
        int length = RESULT_HEADER_BYTES + bodyLength;
        if (bodyLength < 0 || bodyLength > MAX_RESULT_BYTES || length > out.capacity()) {
            throw new IllegalArgumentException("result body " + bodyLength + " bytes > limit "
                    + Math.min(MAX_RESULT_BYTES, out.capacity() - RESULT_HEADER_BYTES) + " bytes");
        }
        ByteBuffer le = littleEndian(out);
        le.putShort(EventFrame.MAGIC_OFFSET, EventFrame.MAGIC)
                .put(EventFrame.VERSION_OFFSET, EventFrame.VERSION)
                .put(EventFrame.FLAGS_OFFSET, (byte) RESULT)
                .putInt(EventFrame.FRAME_LENGTH_OFFSET, length)
                .putLong(EventFrame.EVENT_ID_OFFSET, eventId)
                .putInt(STATUS_OFFSET, status & 0xFF);
        out.position(0).limit(length);
        return out;
    }

    /**
     * The event id of the result of {@code length} bytes at the start of {@code in}, or -1 when
     * it is not a well-formed result (wrong magic, version, flags, length or status).
     */
    public static long resultEventId(ByteBuffer in, int length) {
        ByteBuffer le = littleEndian(in);
        if (length < RESULT_HEADER_BYTES || le.getShort(EventFrame.MAGIC_OFFSET) != EventFrame.MAGIC
                || le.get(EventFrame.VERSION_OFFSET) != EventFrame.VERSION
                || le.get(EventFrame.FLAGS_OFFSET) != RESULT
                || le.getInt(EventFrame.FRAME_LENGTH_OFFSET) != length
                || Byte.toUnsignedInt(le.get(STATUS_OFFSET)) > STATUS_REFUSED) {
            return -1;
        }
        return le.getLong(EventFrame.EVENT_ID_OFFSET);
    }

    /** The status of a result that {@link #resultEventId} accepted. */
    public static int resultStatus(ByteBuffer in) {
        return Byte.toUnsignedInt(in.get(STATUS_OFFSET));
    }

    /**
     * Sets or clears {@link #ACK_WANTED} in the flags byte of the event frame at the start of
     * {@code frame}, in place; allocates nothing.
     */
    public static void ackWanted(ByteBuffer frame, boolean wanted) {
        int flags = frame.get(EventFrame.FLAGS_OFFSET);
        frame.put(EventFrame.FLAGS_OFFSET, (byte) (wanted ? flags | ACK_WANTED : flags & ~ACK_WANTED));
    }

    /** Whether the {@code length} bytes at the start of {@code in} claim to be a control or event frame with {@code flags}. */
    public static boolean hasFlags(ByteBuffer in, int length, int flags) {
        return length >= ACK_BYTES && in.get(EventFrame.FLAGS_OFFSET) == (byte) flags;
    }

    private static ByteBuffer littleEndian(ByteBuffer buffer) {
        return buffer.order() == ByteOrder.LITTLE_ENDIAN ? buffer : buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }
}
