package io.tempos.core.event;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Flyweight over one encoded event in a {@link ByteBuffer}: reads and stamps fields in place,
 * so a component forwards an event without decoding and re-encoding it.
 *
 * <p>Wire format version 1, little-endian (docs/wire-format.md):
 * <pre>
 *  0  u16  magic 0x5054 ("TP")       16  i64[7] timestamps, one per {@link Hop} (ns, 0 = unset)
 *  2  u8   version (1)               72  u8   workflow name length W (1..255)
 *  3  u8   flags (0, 0x04 reply)     73  u8   level name length L (1..255)
 *  4  u32  frame length (all bytes)  74  u16  reply port (0 = none)
 *  8  i64  event id                  76  u32  payload length P
 * 80  W bytes workflow name (UTF-8), then L bytes level name (UTF-8), then P bytes payload
 * </pre>
 *
 * <p>Call {@link #check} on every frame that came from outside before reading it: the
 * accessors trust the lengths that {@code check} verified. Not thread-safe; one flyweight per
 * thread.
 *
 * <p>Hot paths use only the allocation-free members: {@link #check}, {@link #workflowEquals},
 * {@link #levelEquals}, {@link #workflowHash}, the numeric accessors and {@link #stamp}. The
 * {@code String} accessors ({@link #workflow()}, {@link #level()}) and {@link #payload()}
 * allocate: they are for logs, tests and cold paths.
 */
public final class EventFrame {

    public static final short MAGIC = 0x5054;
    public static final byte VERSION = 1;
    public static final int HEADER_BYTES = 80;
    /** The largest UDP payload over IPv4; the default limit for a whole frame. */
    public static final int MAX_DATAGRAM_BYTES = 65_507;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 2;
    static final int FLAGS_OFFSET = 3;
    static final int FRAME_LENGTH_OFFSET = 4;
    static final int EVENT_ID_OFFSET = 8;
    static final int TIMESTAMPS_OFFSET = 16;
    static final int WORKFLOW_LENGTH_OFFSET = 72;
    static final int LEVEL_LENGTH_OFFSET = 73;
    static final int RESERVED_OFFSET = 74;
    static final int PAYLOAD_LENGTH_OFFSET = 76;
    static final int MAX_NAME_BYTES = 255;
    private static final int FNV_OFFSET = 0x811C9DC5;
    private static final int FNV_PRIME = 0x01000193;

    private ByteBuffer buffer;
    private int offset;

    /** Points this flyweight at the frame starting at {@code offset}. */
    public EventFrame wrap(ByteBuffer buffer, int offset) {
        this.buffer = buffer.order() == ByteOrder.LITTLE_ENDIAN ? buffer : buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.offset = offset;
        return this;
    }

    /**
     * Verifies a frame of {@code length} received bytes against the format and a size limit.
     *
     * @return the frame length (&gt; 0) when the frame is well formed, else a negative
     *     {@link FrameError#code()}
     */
    public int check(int length, int maxFrameBytes) {
        if (length > maxFrameBytes) {
            return FrameError.OVERSIZED.code();
        }
        if (length < HEADER_BYTES) {
            return length >= 2 && buffer.getShort(offset + MAGIC_OFFSET) != MAGIC
                    ? FrameError.BAD_MAGIC.code() : FrameError.TRUNCATED.code();
        }
        if (buffer.getShort(offset + MAGIC_OFFSET) != MAGIC) {
            return FrameError.BAD_MAGIC.code();
        }
        if (buffer.get(offset + VERSION_OFFSET) != VERSION) {
            return FrameError.UNSUPPORTED_VERSION.code();
        }
        int workflowLength = workflowLength();
        int levelLength = levelLength();
        if (workflowLength == 0 || levelLength == 0) {
            return FrameError.BAD_NAME.code();
        }
        long declared = Integer.toUnsignedLong(buffer.getInt(offset + FRAME_LENGTH_OFFSET));
        long computed = (long) HEADER_BYTES + workflowLength + levelLength
                + Integer.toUnsignedLong(buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET));
        if (declared != computed) {
            return computed > length || declared > length ? FrameError.TRUNCATED.code() : FrameError.OVERSIZED.code();
        }
        if (computed > length) {
            return FrameError.TRUNCATED.code();
        }
        if (computed < length) {
            return FrameError.OVERSIZED.code();
        }
        if (!isUtf8(offset + HEADER_BYTES, workflowLength) || !isUtf8(offset + HEADER_BYTES + workflowLength, levelLength)) {
            return FrameError.BAD_NAME.code();
        }
        return (int) computed;
    }

    public int frameLength() {
        return buffer.getInt(offset + FRAME_LENGTH_OFFSET);
    }

    /** The flags byte: 0 for an event; see {@link ControlFrame} for the others. */
    public int flags() {
        return Byte.toUnsignedInt(buffer.get(offset + FLAGS_OFFSET));
    }

    /** Sets or clears {@code flag} (e.g. {@link ControlFrame#REPLY}) in the flags byte, in place. */
    public EventFrame flag(int flag, boolean on) {
        int flags = flags();
        buffer.put(offset + FLAGS_OFFSET, (byte) (on ? flags | flag : flags & ~flag));
        return this;
    }

    /**
     * The broker's ingress port an invoker sends this event's {@link ControlFrame#RESULT} to, in
     * the header's reserved field (0 = none); written by the broker for {@link ControlFrame#REPLY} events.
     */
    public int replyPort() {
        return Short.toUnsignedInt(buffer.getShort(offset + RESERVED_OFFSET));
    }

    public EventFrame replyPort(int port) {
        buffer.putShort(offset + RESERVED_OFFSET, (short) port);
        return this;
    }

    public long eventId() {
        return buffer.getLong(offset + EVENT_ID_OFFSET);
    }

    public long timestamp(Hop hop) {
        return buffer.getLong(offset + TIMESTAMPS_OFFSET + hop.ordinal() * Long.BYTES);
    }

    /** Writes the time of {@code hop} into the frame in place. */
    public EventFrame stamp(Hop hop, long nanos) {
        buffer.putLong(offset + TIMESTAMPS_OFFSET + hop.ordinal() * Long.BYTES, nanos);
        return this;
    }

    public String workflow() {
        return string(offset + HEADER_BYTES, workflowLength());
    }

    public String level() {
        return string(offset + HEADER_BYTES + workflowLength(), levelLength());
    }

    /** Whether the workflow name is exactly the UTF-8 bytes {@code utf8}; allocates nothing. */
    public boolean workflowEquals(byte[] utf8) {
        return bytesEqual(offset + HEADER_BYTES, workflowLength(), utf8);
    }

    /** Whether the level name is exactly the UTF-8 bytes {@code utf8}; allocates nothing. */
    public boolean levelEquals(byte[] utf8) {
        return bytesEqual(offset + HEADER_BYTES + workflowLength(), levelLength(), utf8);
    }

    /** {@link #nameHash(byte[])} of the workflow name's bytes, computed in place. */
    public int workflowHash() {
        return nameHash(buffer, offset + HEADER_BYTES, workflowLength());
    }

    /** {@link #nameHash(byte[])} of the {@code length} bytes of {@code bytes} at absolute index {@code at}. */
    public static int nameHash(ByteBuffer bytes, int at, int length) {
        int hash = FNV_OFFSET;
        for (int i = 0; i < length; i++) {
            hash = (hash ^ (bytes.get(at + i) & 0xFF)) * FNV_PRIME;
        }
        return hash;
    }

    /** FNV-1a over the bytes of a name: what {@link #workflowHash()} computes from a frame. */
    public static int nameHash(byte[] utf8) {
        int hash = FNV_OFFSET;
        for (byte b : utf8) {
            hash = (hash ^ (b & 0xFF)) * FNV_PRIME;
        }
        return hash;
    }

    /** Absolute offset of the workflow name, the first byte after the fixed header. */
    public int namesOffset() {
        return offset + HEADER_BYTES;
    }

    public int payloadOffset() {
        return offset + HEADER_BYTES + workflowLength() + levelLength();
    }

    public int payloadLength() {
        return buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET);
    }

    /** A copy of the payload bytes. */
    public byte[] payload() {
        byte[] bytes = new byte[payloadLength()];
        buffer.get(payloadOffset(), bytes);
        return bytes;
    }

    public ByteBuffer buffer() {
        return buffer;
    }

    /** The workflow name's length in bytes (1..255). */
    public int workflowLength() {
        return Byte.toUnsignedInt(buffer.get(offset + WORKFLOW_LENGTH_OFFSET));
    }

    private int levelLength() {
        return Byte.toUnsignedInt(buffer.get(offset + LEVEL_LENGTH_OFFSET));
    }

    private boolean bytesEqual(int at, int length, byte[] expected) {
        return bytesEqual(buffer, at, length, expected);
    }

    /** Whether the {@code length} bytes of {@code bytes} at absolute index {@code at} are exactly {@code expected}. */
    public static boolean bytesEqual(ByteBuffer bytes, int at, int length, byte[] expected) {
        if (length != expected.length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (bytes.get(at + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private String string(int at, int length) {
        byte[] bytes = new byte[length];
        buffer.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private boolean isUtf8(int at, int length) {
        return Utf8.isValid(buffer, at, length);
    }

    /** The size of the frame that {@link #encode} writes for these fields. */
    public static int encodedLength(byte[] workflow, byte[] level, int payloadLength) {
        return HEADER_BYTES + workflow.length + level.length + payloadLength;
    }

    /**
     * Writes a new frame at the buffer's position and advances it. Timestamps start unset.
     *
     * @throws IllegalArgumentException when a name is empty or longer than 255 bytes
     * @throws BufferOverflowException when the buffer has too little room
     * @throws IndexOutOfBoundsException when the payload range lies outside {@code payload}
     *     (each exception leaves {@code out} as it was)
     */
    public static void encode(ByteBuffer out, long eventId, byte[] workflow, byte[] level,
                              byte[] payload, int payloadOffset, int payloadLength) {
        Objects.checkFromIndexSize(payloadOffset, payloadLength, payload.length);
        int start = encodeHeader(out, eventId, workflow, level, payloadLength);
        out.put(start + HEADER_BYTES + workflow.length + level.length, payload, payloadOffset, payloadLength);
    }

    /**
     * As {@link #encode(ByteBuffer, long, byte[], byte[], byte[], int, int)}, with the payload
     * taken from {@code payload}'s position on (its position is left unchanged).
     */
    public static void encode(ByteBuffer out, long eventId, byte[] workflow, byte[] level,
                              ByteBuffer payload, int payloadLength) {
        Objects.checkFromIndexSize(payload.position(), payloadLength, payload.limit());
        int start = encodeHeader(out, eventId, workflow, level, payloadLength);
        out.put(start + HEADER_BYTES + workflow.length + level.length, payload, payload.position(), payloadLength);
    }

    /** Writes header and names, advances {@code out} past the whole frame; returns its start. */
    private static int encodeHeader(ByteBuffer out, long eventId, byte[] workflow, byte[] level, int payloadLength) {
        requireName("workflow", workflow);
        requireName("level", level);
        int length = encodedLength(workflow, level, payloadLength);
        if (out.remaining() < length) {
            throw new BufferOverflowException();
        }
        ByteBuffer le = out.order() == ByteOrder.LITTLE_ENDIAN ? out : out.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int start = out.position();
        le.putShort(start + MAGIC_OFFSET, MAGIC)
                .put(start + VERSION_OFFSET, VERSION)
                .put(start + FLAGS_OFFSET, (byte) 0)
                .putInt(start + FRAME_LENGTH_OFFSET, length)
                .putLong(start + EVENT_ID_OFFSET, eventId);
        for (int hop = 0; hop < Hop.count(); hop++) {
            le.putLong(start + TIMESTAMPS_OFFSET + hop * Long.BYTES, 0L);
        }
        le.put(start + WORKFLOW_LENGTH_OFFSET, (byte) workflow.length)
                .put(start + LEVEL_LENGTH_OFFSET, (byte) level.length)
                .putShort(start + RESERVED_OFFSET, (short) 0)
                .putInt(start + PAYLOAD_LENGTH_OFFSET, payloadLength)
                .put(start + HEADER_BYTES, workflow)
                .put(start + HEADER_BYTES + workflow.length, level);
        out.position(start + length);
        return start;
    }

    private static void requireName(String what, byte[] name) {
        if (name.length == 0 || name.length > MAX_NAME_BYTES) {
            throw new IllegalArgumentException(what + " name of " + name.length + " bytes: must be 1.." + MAX_NAME_BYTES + " bytes of UTF-8");
        }
    }

    /**
     * Copies the workflow name's UTF-8 bytes to {@code dst} at {@code index}, allocating nothing
     * (the event log's hot-path copy).
     *
     * @return the number of bytes copied, {@link #workflowLength()}
     */
    public int copyWorkflow(org.agrona.MutableDirectBuffer dst, int index) {
        int length = workflowLength();
        dst.putBytes(index, buffer, offset + HEADER_BYTES, length);
        return length;
    }
}
