package io.tempos.broker;

import io.tempos.core.event.ControlFrame;
import io.tempos.core.event.EventFrame;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real UDP socket on an invoker's level port that records the events the broker sends it,
 * and acknowledges each one as the invoker does (or not, to play a slow invoker).
 */
final class TestInvoker implements AutoCloseable {

    private final DatagramChannel channel;
    private final boolean acknowledges;
    private final List<Long> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    TestInvoker(int port, boolean acknowledges) {
        try {
            this.channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.acknowledges = acknowledges;
        this.thread = Thread.ofPlatform().daemon(true).name("test-invoker-" + port).start(this::run);
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer ack = ByteBuffer.allocateDirect(ControlFrame.ACK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        EventFrame frame = new EventFrame();
        try {
            while (true) {
                buffer.clear();
                SocketAddress from = channel.receive(buffer);
                if (frame.wrap(buffer, 0).check(buffer.position(), EventFrame.MAX_DATAGRAM_BYTES) < 0) {
                    continue;
                }
                received.add(frame.eventId());
                if (acknowledges) {
                    channel.send(ControlFrame.encodeAck(ack, frame.eventId()), from);
                }
            }
        } catch (ClosedChannelException e) {
            // closed by the test
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Event ids received so far, in order. */
    List<Long> received() {
        return List.copyOf(received);
    }

    int count() {
        return received.size();
    }

    @Override
    public void close() {
        try {
            channel.close();
            thread.join(1_000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
