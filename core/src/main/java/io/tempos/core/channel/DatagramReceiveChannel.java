package io.tempos.core.channel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

import io.tempos.core.net.UdpSockets;

/**
 * The receiving end of a datagram channel (UDP, TSN): one frame per datagram, replies sent to
 * the datagram's source address. A datagram that fills {@code into} entirely may have been cut
 * by the kernel and is reported {@link #TOO_LARGE}: give a buffer one byte larger than the
 * largest frame.
 */
public final class DatagramReceiveChannel implements ReceiveChannel {

    private final DatagramChannel socket;
    private final Endpoint local;

    /** @param socket bound and blocking */
    public DatagramReceiveChannel(DatagramChannel socket, String host) throws IOException {
        this.socket = socket;
        this.local = Endpoint.of(host, ((InetSocketAddress) socket.getLocalAddress()).getPort());
    }

    private static final class DatagramReplyTo implements ReplyTo {
        SocketAddress address;

        @Override
        public void copyFrom(ReplyTo other) {
            address = ((DatagramReplyTo) other).address;
        }
    }

    @Override
    public ReplyTo newReplyTo() {
        return new DatagramReplyTo();
    }

    @Override
    public int receive(ByteBuffer into, ReplyTo from) {
        while (true) {
            try {
                into.clear();
                SocketAddress sender = socket.receive(into);
                if (sender == null) {
                    continue;
                }
                ((DatagramReplyTo) from).address = sender;
                int length = into.position();
                into.flip();
                return length == into.capacity() ? TOO_LARGE : length;
            } catch (ClosedChannelException e) {
                return CLOSED;
            } catch (IOException e) {
                return socket.isOpen() ? FAILED : CLOSED;
            }
        }
    }

    @Override
    public int reply(ByteBuffer frame, ReplyTo to) {
        SocketAddress address = ((DatagramReplyTo) to).address;
        if (address == null) {
            return SendChannel.NOT_CONNECTED;
        }
        int position = frame.position();
        try {
            return socket.send(frame, address);
        } catch (IOException e) {
            return SendChannel.FAILED;
        } finally {
            frame.position(position);
        }
    }

    @Override
    public int descriptor() {
        return UdpSockets.descriptor(socket);
    }

    /** The socket, for tests that read its options back. */
    public DatagramChannel socket() {
        return socket;
    }

    @Override
    public Endpoint localEndpoint() {
        return local;
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
