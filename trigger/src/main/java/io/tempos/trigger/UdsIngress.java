package io.tempos.trigger;

import io.tempos.core.sys.PipelineStage;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.LevelThreadSet;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Unix domain socket endpoint of one level: placement A, the trigger next to its source on
 * one host. Java has no {@code SOCK_DGRAM} Unix sockets, so events travel on a stream, framed:
 * {@code u32 length (little-endian) | workflow name | '\n' | payload}, the length counting the
 * bytes after it. Each frame is answered on the same stream with {@code u32 length | text}:
 * {@code ok <event-id>} or {@code error <reason>: <message>}; a source must read the answers
 * (or the stream stalls once the socket buffer is full).
 *
 * <p>Each connection is served by its own platform thread with the level's scheduling; a frame
 * whose length cannot be honoured is answered, skipped, and past {@link #MAX_SKIP_BYTES} ends
 * the connection (the stream is then presumed unframed).
 */
final class UdsIngress implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UdsIngress.class.getName());
    static final int MAX_CONNECTIONS = 64;
    static final int MAX_SKIP_BYTES = 64 << 20;
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    private final QosLevel level;
    private final LevelThreadSet threads;
    private final String name;
    private final Path path;
    private final Intake intake;
    private final ServerSocketChannel server;
    private final Set<SocketChannel> connections = ConcurrentHashMap.newKeySet();

    UdsIngress(QosLevel level, String triggerId, Path path, Intake intake, LevelThreadSet threads) throws IOException {
        this.level = level;
        this.threads = threads;
        this.name = triggerId + "-" + level.name() + "-uds";
        this.path = path;
        this.intake = intake;
        this.server = bind(path);
        threads.start(level, PipelineStage.INGRESS, name, this::acceptLoop);
    }

    /** Binds {@code path}, replacing a stale socket file that no process serves any more. */
    private static ServerSocketChannel bind(Path path) throws IOException {
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(path);
        if (Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            if (((int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT) != S_IFSOCK) {
                throw new IOException("cannot bind Unix socket " + path + ": the path exists and is not a socket");
            }
            boolean served;
            try (SocketChannel probe = SocketChannel.open(address)) {
                served = true;
            } catch (IOException refused) {
                served = false;
            }
            if (served) {
                throw new IOException("cannot bind Unix socket " + path + ": a running process serves it");
            }
            Files.delete(path);   // a socket file left by a process that died
        }
        if (path.getParent() != null) {
            Files.createDirectories(path.getParent());
        }
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(address);
            return server;
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot bind Unix socket " + path + ": " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel connection = server.accept();
                if (connections.size() >= MAX_CONNECTIONS) {
                    try (connection) {
                        answer(connection, ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN),
                                "error rejected: " + MAX_CONNECTIONS + " connections already open on " + path);
                    }
                    continue;
                }
                connections.add(connection);
                threads.start(level, PipelineStage.INGRESS, name + "-connection", () -> serve(connection));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": accept on " + path + " failed: " + e.getMessage());
            }
        }
    }

    private void serve(SocketChannel connection) {
        int maxFrame = UdpIngress.MAX_NAME_BYTES + 1 + intake.maxPayloadBytes();
        ByteBuffer frame = ByteBuffer.allocate(maxFrame);
        ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer answer = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        try (connection) {
            while (true) {
                header.clear();
                if (!readFully(connection, header, true)) {
                    return;   // the source closed the stream between frames
                }
                long length = Integer.toUnsignedLong(header.getInt(0));
                if (length > maxFrame) {
                    intake.oversized(null);
                    answer(connection, answer, "error oversized: frame of " + length + " bytes > " + maxFrame
                            + " (workflow name, newline and max-payload-bytes " + intake.maxPayloadBytes() + ")");
                    if (length > MAX_SKIP_BYTES) {
                        return;
                    }
                    skip(connection, frame, length);
                    continue;
                }
                frame.clear().limit((int) length);
                readFully(connection, frame, false);
                answer(connection, answer, onFrame(frame.flip(), connection, System.nanoTime()));
            }
        } catch (AsynchronousCloseException | EOFException e) {
            // closed by close(), or the source hung up in the middle of a frame
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, name + ": connection ended: " + e.getMessage());
        } finally {
            connections.remove(connection);
        }
    }

    private String onFrame(ByteBuffer frame, Object source, long now) {
        int newline = UdpIngress.indexOfNewline(frame, 0, frame.limit());
        if (newline <= 0) {
            intake.malformed();
            return "error malformed: a frame is the workflow name (1.." + UdpIngress.MAX_NAME_BYTES
                    + " bytes), a newline, then the payload";
        }
        String workflow = new String(frame.array(), 0, newline, StandardCharsets.UTF_8);
        int payloadLength = frame.limit() - newline - 1;
        long result = intake.accept(workflow, frame.position(newline + 1), payloadLength, source, now);
        return result >= 0 ? "ok " + result
                : "error " + EventForwarder.reasonOf(result).label() + ": " + intake.describe(result, workflow, payloadLength);
    }

    /** Fills {@code buffer}; false at a clean end of stream before its first byte when {@code endAllowed}. */
    private static boolean readFully(SocketChannel channel, ByteBuffer buffer, boolean endAllowed) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (endAllowed && buffer.position() == 0) {
                    return false;
                }
                throw new EOFException("the source closed the stream inside a frame");
            }
        }
        return true;
    }

    private static void skip(SocketChannel channel, ByteBuffer scratch, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            scratch.clear().limit((int) Math.min(scratch.capacity(), left));
            readFully(channel, scratch, false);
            left -= scratch.limit();
        }
    }

    private static void answer(SocketChannel channel, ByteBuffer buffer, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, buffer.capacity() - 4);
        buffer.clear();
        buffer.putInt(length).put(bytes, 0, length).flip();
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (SocketChannel connection : connections) {
            connection.close();
        }
        Files.deleteIfExists(path);
    }
}
