package io.tempos.core.channel;

import java.nio.ByteBuffer;

/**
 * The receiving end of a level's channel. {@link #receive} blocks for one frame; the
 * {@link ReplyTo} it fills says where a control frame (ACK, REJECT) about that frame goes back.
 * Several threads may receive on one channel, each with its own {@code ReplyTo}.
 */
public interface ReceiveChannel extends AutoCloseable {

    /** The channel is closed: the receiving thread should end. */
    int CLOSED = -1;
    /** A frame larger than {@code into}'s capacity arrived and was discarded. */
    int TOO_LARGE = -2;
    /** The socket failed; the frame, if any, is lost. Receiving may go on. */
    int FAILED = -3;
    /** A stream connection ended inside a frame; its bytes are discarded. Receiving goes on. */
    int TRUNCATED = -4;

    /**
     * Where replies about a received frame go; filled by {@link #receive}, owned by one thread.
     * A component that answers later (the broker relaying a function's result) keeps a copy made
     * with {@link #copyFrom} into a handle of its own, allocating nothing.
     */
    interface ReplyTo {

        /** Makes this handle point where {@code other} (a handle of the same channel) points. */
        void copyFrom(ReplyTo other);
    }

    /** A fresh reply handle for one receiving thread. */
    ReplyTo newReplyTo();

    /**
     * Waits for one frame and copies it to the start of {@code into} (position 0, limit = length).
     *
     * @return the frame's length, or a negative code above
     */
    int receive(ByteBuffer into, ReplyTo from);

    /**
     * Sends {@code frame} (position to limit, left unchanged) back to the sender of the frame
     * {@code to} was filled for; a no-op returning {@link SendChannel#FAILED} on an adapter
     * without replies.
     *
     * @return the bytes sent or a negative {@link SendChannel} code
     */
    int reply(ByteBuffer frame, ReplyTo to);

    /** The file descriptor of the receiving socket for FIONREAD probes, or -1. */
    default int descriptor() {
        return -1;
    }

    /** Where this channel actually listens (with the port chosen when bound to port 0). */
    Endpoint localEndpoint();

    @Override
    void close();
}
