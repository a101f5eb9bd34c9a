package io.tempos.core.channel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The receiving end of a stream channel (TCP, Unix domain socket): accepts any number of
 * sender connections and delivers their length-framed frames ({@code u32} little-endian
 * length, then the frame) one per {@link #receive} call. One selector serves all connections;
 * receiving threads take turns on it, so the receive API stays blocking per call. A connection
 * that sends a frame longer than the limit is closed (its stream cannot be resynchronised).
 *
 * <p>Replies go back on the connection the frame came on, framed the same way.
 */
public final class FramedStreamReceiver implements ReceiveChannel {

    public static final int LENGTH_BYTES = 4;

    private static final System.Logger LOG = System.getLogger(FramedStreamReceiver.class.getName());
    /** How long a reply may wait for room in a connection's send buffer before the connection is given up. */
    private static final long REPLY_SPIN_LIMIT = 10_000;

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Endpoint local;
    private final int maxFrameBytes;
    private final Runnable onClose;
    private final SocketSetup setup;
    private final ArrayDeque<Connection> ready = new ArrayDeque<>();
    /** Connections closed for an oversized frame or ended inside one, not yet reported (under {@link #ready}). */
    private int pendingTooLarge;
    private int pendingTruncated;
    private volatile boolean closed;

    /** Applies a level's options to each accepted connection (e.g. SO_PRIORITY for its replies). */
    @FunctionalInterface
    public interface SocketSetup {
        void apply(SocketChannel socket) throws IOException;
    }

    /**
     * @param server        bound, in any blocking mode (made non-blocking here)
     * @param local         where it listens, as users name it
     * @param maxFrameBytes the largest frame a sender may send
     * @param onClose       runs after closing (e.g. deletes a socket file)
     */
    public FramedStreamReceiver(ServerSocketChannel server, Endpoint local, int maxFrameBytes, SocketSetup setup,
                                Runnable onClose) throws IOException {
        this.server = server;
        this.local = local;
        this.maxFrameBytes = maxFrameBytes;
        this.setup = setup;
        this.onClose = onClose;
        this.selector = Selector.open();
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    private static final class StreamReplyTo implements ReplyTo {
        Connection connection;

        @Override
        public void copyFrom(ReplyTo other) {
            connection = ((StreamReplyTo) other).connection;
        }
    }

    private final class Connection {
        final SocketChannel socket;
        final ByteBuffer in = ByteBuffer.allocateDirect(LENGTH_BYTES + maxFrameBytes).order(ByteOrder.LITTLE_ENDIAN);
        /** Room for the largest reply, a function's result (a datagram's worth). */
        final ByteBuffer out = ByteBuffer.allocateDirect(LENGTH_BYTES + 65_536).order(ByteOrder.LITTLE_ENDIAN);

        Connection(SocketChannel socket) {
            this.socket = socket;
        }

        /** The length of the complete frame at the start of {@code in}, -1 when none is complete yet. */
        int completeFrame() {
            if (in.position() < LENGTH_BYTES) {
                return -1;
            }
            int length = in.getInt(0);
            return in.position() >= LENGTH_BYTES + length ? length : -1;
        }

        /** Cuts the bytes after the last complete frame; true when there were some (the stream ended inside a frame). */
        boolean dropPartialTail() {
            int end = in.position();
            int offset = 0;
            while (offset + LENGTH_BYTES <= end) {
                int length = in.getInt(offset);
                if (length < 0 || offset + LENGTH_BYTES + length > end) {
                    break;
                }
                offset += LENGTH_BYTES + length;
            }
            in.position(offset);
            return offset < end;
        }

        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing a connection: " + e);
            }
        }
    }

    @Override
    public ReplyTo newReplyTo() {
        return new StreamReplyTo();
    }

    @Override
    public int receive(ByteBuffer into, ReplyTo from) {
        synchronized (ready) {
            while (!closed) {
                // Broken connections first, one report each, so every one is counted.
                if (pendingTooLarge > 0) {
                    pendingTooLarge--;
                    return TOO_LARGE;
                }
                if (pendingTruncated > 0) {
                    pendingTruncated--;
                    return TRUNCATED;
                }
                Connection connection = ready.poll();
                if (connection != null) {
                    int length = connection.completeFrame();
                    if (length >= 0) {
                        int result = take(connection, length, into);
                        ((StreamReplyTo) from).connection = connection;
                        if (connection.completeFrame() >= 0) {
                            ready.add(connection);
                        }
                        return result;
                    }
                    continue;
                }
                try {
                    selector.select();
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key.isAcceptable()) {
                            accept();
                        } else if (key.isReadable()) {
                            int broken = read(key);
                            if (broken == TOO_LARGE) {
                                pendingTooLarge++;
                            } else if (broken == TRUNCATED) {
                                pendingTruncated++;
                            }
                        }
                    }
                } catch (ClosedSelectorException e) {
                    return CLOSED;
                } catch (IOException e) {
                    if (closed) {
                        return CLOSED;
                    }
                    return FAILED;
                }
            }
            return CLOSED;
        }
    }

    private void accept() throws IOException {
        SocketChannel socket = server.accept();
        if (socket == null) {
            return;
        }
        try {
            socket.configureBlocking(false);
            setup.apply(socket);
            socket.register(selector, SelectionKey.OP_READ, new Connection(socket));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "channel " + local + ": refusing a connection: " + e.getMessage());
            socket.close();
        }
    }

    /**
     * Reads what a connection has; returns {@link #TOO_LARGE} when it announced an oversized frame
     * (and closes it), {@link #TRUNCATED} when it ended inside a frame, else 0.
     */
    private int read(SelectionKey key) {
        Connection connection = (Connection) key.attachment();
        int n;
        try {
            n = connection.socket.read(connection.in);
        } catch (IOException e) {
            n = -1;
        }
        if (connection.in.position() >= LENGTH_BYTES) {
            int length = connection.in.getInt(0);
            if (length < 0 || length > maxFrameBytes) {
                LOG.log(System.Logger.Level.WARNING, "channel " + local + ": a sender announced a frame of "
                        + Integer.toUnsignedString(length) + " bytes > max " + maxFrameBytes + "; closing its connection");
                key.cancel();
                connection.close();
                return TOO_LARGE;
            }
        }
        if (connection.completeFrame() >= 0 && !ready.contains(connection)) {
            ready.add(connection);
        }
        if (n < 0) {
            // The sender went away; frames already complete are still delivered, a partial one is reported.
            key.cancel();
            connection.close();
            if (connection.dropPartialTail()) {
                LOG.log(System.Logger.Level.DEBUG, "channel " + local + ": a sender closed its connection inside a frame");
                return TRUNCATED;
            }
        }
        return 0;
    }

    /** Copies the head frame of {@code connection} into {@code into} and removes it from the connection's buffer. */
    private static int take(Connection connection, int length, ByteBuffer into) {
        ByteBuffer in = connection.in;
        int end = in.position();
        int result;
        if (length > into.capacity()) {
            result = TOO_LARGE;
        } else {
            into.clear();
            in.limit(LENGTH_BYTES + length).position(LENGTH_BYTES);
            into.put(in);
            into.flip();
            result = length;
        }
        in.limit(end).position(LENGTH_BYTES + length);
        in.compact();
        return result;
    }

    @Override
    public int reply(ByteBuffer frame, ReplyTo to) {
        Connection connection = ((StreamReplyTo) to).connection;
        if (connection == null || !connection.socket.isOpen()) {
            return SendChannel.NOT_CONNECTED;
        }
        int length = frame.remaining();
        if (length > connection.out.capacity() - LENGTH_BYTES) {
            return SendChannel.TOO_LARGE;
        }
        synchronized (connection) {
            ByteBuffer out = connection.out;
            out.clear();
            out.putInt(length).put(frame.duplicate()).flip();
            try {
                for (long spins = 0; out.hasRemaining(); spins++) {
                    if (connection.socket.write(out) == 0 && spins > REPLY_SPIN_LIMIT) {
                        // A frame half written cannot be taken back: the stream is lost.
                        connection.close();
                        return SendChannel.BACK_PRESSURED;
                    }
                }
                return length;
            } catch (IOException e) {
                return SendChannel.FAILED;
            }
        }
    }

    @Override
    public Endpoint localEndpoint() {
        return local;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        selector.wakeup();
        // A receiving thread leaves its select on the wake-up and sees the flag; then nothing uses the keys.
        synchronized (ready) {
            try {
                for (SelectionKey key : selector.keys()) {
                    key.channel().close();
                }
                selector.close();
                server.close();
            } catch (IOException | ClosedSelectorException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing channel " + local + ": " + e);
            }
        }
        onClose.run();
    }
}
