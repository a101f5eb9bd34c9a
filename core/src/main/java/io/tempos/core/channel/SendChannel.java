package io.tempos.core.channel;

import java.nio.ByteBuffer;

/**
 * The sending end of a channel to one receiver, and where that receiver's control frames (ACK,
 * REJECT) come back when the adapter {@link ChannelCapabilities#carriesReplies() carries replies}.
 *
 * <p>{@link #send} is the hot path: it never blocks on the network and never throws for an
 * ordinary failure; it returns the bytes taken or one of the negative codes below, which the
 * caller counts as a drop ({@code SEND_FAILED}). Senders may be used by several threads unless
 * an adapter says otherwise; {@link #pollReply} and {@link #awaitReply} by one reader thread.
 */
public interface SendChannel extends AutoCloseable {

    /** No connection to the receiver (yet, or it broke and the next attempt is not due). */
    int NOT_CONNECTED = -1;
    /** The socket's send buffer is full. */
    int BACK_PRESSURED = -2;
    /** The frame is larger than the adapter's {@link ChannelCapabilities#maxMessageBytes()}. */
    int TOO_LARGE = -3;
    /** The kernel reported that nothing listens at the receiver's address. */
    int UNREACHABLE = -4;
    /** Any other failure of the socket. */
    int FAILED = -5;
    /** The channel is closed. */
    int CLOSED = -6;

    /**
     * Sends the frame between {@code frame}'s position and limit; the position is left unchanged.
     *
     * @return the frame's length, or a negative code above
     */
    int send(ByteBuffer frame);

    /**
     * Reads one control frame the receiver sent back, without waiting.
     *
     * @return its length at the start of {@code into}, 0 when none is waiting, {@link #UNREACHABLE}
     * when the kernel reported the receiver gone, {@link #CLOSED}
     */
    int pollReply(ByteBuffer into);

    /**
     * Waits for one control frame the receiver sends back.
     *
     * @return its length at the start of {@code into}, {@link #UNREACHABLE} when the kernel reported
     * the receiver gone (a datagram adapter; the caller may wait again), or {@link #CLOSED} once the
     * channel is closed
     */
    int awaitReply(ByteBuffer into);

    /**
     * Whether frames sent now can go out: a stream adapter's connection is up (a thread in
     * {@link #awaitReply} keeps it so); always true for a datagram adapter.
     */
    default boolean connected() {
        return true;
    }

    /** Frames accepted by {@link #send} that the adapter knows were lost (a connection broke mid-frame). */
    default long lostFrames() {
        return 0;
    }

    @Override
    void close();

    /** A name for a send code, for logs and tests. */
    static String describe(int code) {
        return switch (code) {
            case NOT_CONNECTED -> "NOT_CONNECTED";
            case BACK_PRESSURED -> "BACK_PRESSURED";
            case TOO_LARGE -> "TOO_LARGE";
            case UNREACHABLE -> "UNREACHABLE";
            case FAILED -> "FAILED";
            case CLOSED -> "CLOSED";
            default -> code >= 0 ? code + " bytes" : "unknown code " + code;
        };
    }
}
