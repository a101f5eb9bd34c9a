package io.tempos.core.channel;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * The sending end of a stream channel (TCP, Unix domain socket) to one receiver: one
 * connection, frames written length-prefixed ({@code u32} little-endian) through a bounded
 * outbound buffer, so that {@link #send} never blocks. Without a connection it answers
 * {@link #NOT_CONNECTED} at once and tries again when the backoff has passed: 10 ms, doubled
 * after every failed attempt up to 2 s, back to 10 ms once connected.
 *
 * <p>When a connection breaks, whole frames still in the outbound buffer go out on the next
 * connection; a frame the kernel had taken in part is lost and counted in {@link #lostFrames()}.
 * Frames the kernel had taken whole before the break are TCP's to lose: the adapter cannot see
 * them. Thread-safe for senders; {@link #pollReply}/{@link #awaitReply} by one reader thread.
 */
public final class FramedStreamSender implements SendChannel {

    static final long MIN_BACKOFF_NS = TimeUnit.MILLISECONDS.toNanos(10);
    static final long MAX_BACKOFF_NS = TimeUnit.SECONDS.toNanos(2);
    private static final int OUTBOUND_BYTES = 1 << 20;
    private static final long AWAIT_SLICE_MS = 100;

    /** Opens a new non-blocking socket with the level's options and starts connecting it. */
    @FunctionalInterface
    public interface Connector {
        SocketChannel connect() throws IOException;

        /**
         * Opens a socket of {@code family}, applies {@code setup} (the level's options) and
         * starts a non-blocking connect to {@code address}; the socket is closed when a step fails.
         */
        static Connector nonBlocking(ProtocolFamily family, SocketAddress address, FramedStreamReceiver.SocketSetup setup) {
            return () -> {
                SocketChannel socket = SocketChannel.open(family);
                try {
                    setup.apply(socket);
                    socket.configureBlocking(false);
                    socket.connect(address);
                    return socket;
                } catch (IOException | RuntimeException e) {
                    socket.close();
                    throw e instanceof IOException io ? io : new IOException(e);
                }
            };
        }
    }

    private final Connector connector;
    private final int maxFrameBytes;
    private final Object lock = new Object();
    private final ByteBuffer outbound;
    private final ByteBuffer replies;
    private SocketChannel socket;
    private boolean connected;
    private long nextAttemptNs;
    private long backoffNs = MIN_BACKOFF_NS;
    /** Bytes of the partly written frame at the start of {@link #outbound}; 0 when it starts at a frame. */
    private int headRemaining;
    private long lostFrames;
    private long connections;
    private volatile boolean closed;
    private Selector replySelector;
    private SocketChannel registered;

    public FramedStreamSender(Connector connector, int maxFrameBytes) {
        this.connector = connector;
        this.maxFrameBytes = maxFrameBytes;
        this.outbound = ByteBuffer.allocateDirect(Math.max(OUTBOUND_BYTES, 2 * (FramedStreamReceiver.LENGTH_BYTES + maxFrameBytes)))
                .order(ByteOrder.LITTLE_ENDIAN);
        this.replies = ByteBuffer.allocateDirect(FramedStreamReceiver.LENGTH_BYTES + 64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public int send(ByteBuffer frame) {
        int length = frame.remaining();
        if (length > maxFrameBytes) {
            return TOO_LARGE;
        }
        synchronized (lock) {
            if (closed) {
                return CLOSED;
            }
            if (!ensureConnected(System.nanoTime())) {
                return NOT_CONNECTED;
            }
            try {
                if (outbound.remaining() < FramedStreamReceiver.LENGTH_BYTES + length) {
                    flush();
                    if (outbound.remaining() < FramedStreamReceiver.LENGTH_BYTES + length) {
                        return BACK_PRESSURED;
                    }
                }
                int position = frame.position();
                outbound.putInt(length).put(frame);
                frame.position(position);
                flush();
                return length;
            } catch (IOException e) {
                broken(System.nanoTime());
                return length;   // taken: it goes out whole on the next connection unless it was half written
            }
        }
    }

    /** Whether a connection is up, trying one when the backoff allows. Under {@link #lock}. */
    private boolean ensureConnected(long nowNs) {
        if (connected) {
            return true;
        }
        try {
            if (socket == null) {
                if (nowNs - nextAttemptNs < 0) {
                    return false;
                }
                socket = connector.connect();
            }
            if (socket.isConnectionPending() && !socket.finishConnect()) {
                return false;
            }
            if (!socket.isConnected() && !socket.finishConnect()) {
                return false;
            }
            connected = true;
            connections++;
            backoffNs = MIN_BACKOFF_NS;
            flush();
            return true;
        } catch (IOException e) {
            broken(nowNs);
            return false;
        }
    }

    /** Writes what the socket takes now, keeping count of where the partly written frame ends. Under {@link #lock}. */
    private void flush() throws IOException {
        if (!connected || outbound.position() == 0) {
            return;
        }
        outbound.flip();
        int written = socket.write(outbound);
        int offset = 0;
        if (headRemaining > 0) {
            int k = Math.min(headRemaining, written);
            headRemaining -= k;
            offset += k;
            written -= k;
        }
        while (written > 0) {
            int frameBytes = FramedStreamReceiver.LENGTH_BYTES + outbound.getInt(offset);
            int k = Math.min(frameBytes, written);
            offset += k;
            written -= k;
            if (k < frameBytes) {
                headRemaining = frameBytes - k;
            }
        }
        outbound.compact();
    }

    /** The connection broke or could not be made: drop it and the half-written frame, back off. Under {@link #lock}. */
    private void broken(long nowNs) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already broken
            }
        }
        socket = null;
        connected = false;
        if (headRemaining > 0) {
            outbound.flip().position(headRemaining);
            outbound.compact();
            headRemaining = 0;
            lostFrames++;
        }
        nextAttemptNs = nowNs + backoffNs;
        backoffNs = Math.min(MAX_BACKOFF_NS, backoffNs * 2);
    }

    @Override
    public int pollReply(ByteBuffer into) {
        SocketChannel current;
        synchronized (lock) {
            if (closed) {
                return CLOSED;
            }
            if (!ensureConnected(System.nanoTime())) {   // the reader keeps the connection up between sends
                return 0;
            }
            try {
                flush();   // what a full send buffer held back before
            } catch (IOException e) {
                broken(System.nanoTime());
            }
            current = connected ? socket : null;
        }
        if (current == null) {
            return 0;
        }
        int length = completeReply();
        if (length >= 0) {
            return takeReply(length, into);
        }
        int n;
        try {
            n = current.read(replies);
        } catch (IOException e) {
            n = -1;
        }
        if (n < 0) {
            synchronized (lock) {
                if (socket == current) {
                    broken(System.nanoTime());
                }
            }
            replies.clear();
            return 0;
        }
        length = completeReply();
        return length >= 0 ? takeReply(length, into) : 0;
    }

    /**
     * Waits for a reply; while there is no connection, (re)connects as the backoff allows, so a
     * thread that waits here keeps the connection up and {@link #send} rarely finds none.
     */
    @Override
    public int awaitReply(ByteBuffer into) {
        while (!closed) {
            int n = pollReply(into);
            if (n != 0) {
                return n;
            }
            SocketChannel current;
            boolean up;
            long waitMs;
            synchronized (lock) {
                current = socket;
                up = connected;
                waitMs = current != null ? AWAIT_SLICE_MS
                        : Math.clamp(TimeUnit.NANOSECONDS.toMillis(nextAttemptNs - System.nanoTime()) + 1, 1, AWAIT_SLICE_MS);
            }
            try {
                if (current == null) {
                    Thread.sleep(waitMs);   // the next connection attempt is not due yet
                    continue;
                }
                if (replySelector == null) {
                    replySelector = Selector.open();
                }
                int interest = up ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT;
                if (registered != current) {
                    replySelector.selectNow();   // flushes the cancelled key of a closed socket
                    current.register(replySelector, interest);
                    registered = current;
                } else {
                    current.keyFor(replySelector).interestOps(interest);
                }
                replySelector.select(waitMs);
                replySelector.selectedKeys().clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CLOSED;
            } catch (IOException | RuntimeException e) {
                registered = null;   // the socket closed under us: the next round sees the new one
            }
        }
        return CLOSED;
    }

    /** Whether a connection is up now. */
    @Override
    public boolean connected() {
        synchronized (lock) {
            return connected;
        }
    }

    private int completeReply() {
        if (replies.position() < FramedStreamReceiver.LENGTH_BYTES) {
            return -1;
        }
        int length = replies.getInt(0);
        return replies.position() >= FramedStreamReceiver.LENGTH_BYTES + length ? length : -1;
    }

    private int takeReply(int length, ByteBuffer into) {
        int end = replies.position();
        int result = length > into.capacity() ? FAILED : length;
        if (result >= 0) {
            into.clear();
            replies.limit(FramedStreamReceiver.LENGTH_BYTES + length).position(FramedStreamReceiver.LENGTH_BYTES);
            into.put(replies).flip();
        }
        replies.limit(end).position(FramedStreamReceiver.LENGTH_BYTES + length);
        replies.compact();
        return result;
    }

    @Override
    public long lostFrames() {
        synchronized (lock) {
            return lostFrames;
        }
    }

    /** Connections made so far: more than one means it reconnected. */
    public long connections() {
        synchronized (lock) {
            return connections;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
            if (replySelector != null) {
                try {
                    replySelector.close();
                } catch (IOException ignored) {
                    // closing anyway
                }
            }
        }
    }
}
