package io.tempos.core.channel;

import java.io.IOException;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;

/**
 * The sending end of a datagram channel (UDP, TSN) to one receiver: a connected, non-blocking
 * socket, so the kernel reports an ICMP port-unreachable as {@link #UNREACHABLE} and accepts
 * replies from that receiver only. Allocates nothing per frame.
 */
public final class DatagramSendChannel implements SendChannel {

    private final DatagramChannel socket;
    private final int maxFrameBytes;
    private Selector replySelector;

    /** @param socket connected to the receiver; made non-blocking here */
    public DatagramSendChannel(DatagramChannel socket, int maxFrameBytes) throws IOException {
        this.socket = socket;
        this.maxFrameBytes = maxFrameBytes;
        socket.configureBlocking(false);
    }

    @Override
    public int send(ByteBuffer frame) {
        int length = frame.remaining();
        if (length > maxFrameBytes) {
            return TOO_LARGE;
        }
        int position = frame.position();
        try {
            return socket.write(frame) > 0 ? length : BACK_PRESSURED;
        } catch (IOException e) {
            return codeOf(e);
        } finally {
            frame.position(position);
        }
    }

    @Override
    public int pollReply(ByteBuffer into) {
        try {
            into.clear();
            int n = socket.read(into);
            into.flip();
            return Math.max(n, 0);
        } catch (IOException e) {
            return codeOf(e);
        }
    }

    /** The {@link SendChannel} code of a failed socket call: the kernel's port-unreachable, closed, or any other failure. */
    private static int codeOf(IOException e) {
        return e instanceof PortUnreachableException ? UNREACHABLE : e instanceof ClosedChannelException ? CLOSED : FAILED;
    }

    @Override
    public int awaitReply(ByteBuffer into) {
        while (socket.isOpen()) {
            int n = pollReply(into);
            if (n != 0 && n != FAILED) {
                return n;
            }
            try {
                if (replySelector == null) {
                    replySelector = Selector.open();
                    socket.register(replySelector, SelectionKey.OP_READ);
                }
                replySelector.select(100);
                replySelector.selectedKeys().clear();
            } catch (IOException | RuntimeException e) {
                return CLOSED;
            }
        }
        return CLOSED;
    }

    /** The socket, for tests that read its options back. */
    public DatagramChannel socket() {
        return socket;
    }

    @Override
    public void close() {
        try {
            socket.close();
            if (replySelector != null) {
                replySelector.close();
            }
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
