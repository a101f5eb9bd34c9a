package io.tempos.core.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.nio.channels.SelectionKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Plain UDP sockets bound where a component expects its peer, one per level: the test plays
 * the invoker (or the broker) with them. Receives are bounded; nothing here blocks forever.
 */
public final class UdpStub implements AutoCloseable {

    private final Map<String, DatagramChannel> channels = new LinkedHashMap<>();
    private final Map<String, Selector> selectors = new LinkedHashMap<>();
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 16);

    public UdpStub(String host, Map<String, Integer> ports) throws IOException {
        try {
            for (Map.Entry<String, Integer> port : ports.entrySet()) {
                DatagramChannel channel = DatagramChannel.open();
                channels.put(port.getKey(), channel);
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
                channel.bind(new InetSocketAddress(host, port.getValue()));
                channel.configureBlocking(false);
                Selector selector = Selector.open();
                selectors.put(port.getKey(), selector);
                channel.register(selector, SelectionKey.OP_READ);
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The next datagram on {@code level}'s socket, or null when none arrives within {@code timeout}. */
    public byte[] receive(String level, Duration timeout) throws IOException {
        DatagramChannel channel = channels.get(level);
        Selector selector = selectors.get(level);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            buffer.clear();
            if (channel.receive(buffer) != null) {
                buffer.flip();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
        }
    }

    /** Reads and discards whatever is queued on {@code level}'s socket now. */
    public int drain(String level) throws IOException {
        int n = 0;
        while (receive(level, Duration.ZERO) != null) {
            n++;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        for (Selector selector : selectors.values()) {
            selector.close();
        }
        for (DatagramChannel channel : channels.values()) {
            channel.close();
        }
    }
}
