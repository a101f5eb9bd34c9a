package io.tempos.invoker;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Sends events (and anything else) to an invoker's level ports over UDP on loopback, as a broker would. */
final class EventSender implements AutoCloseable {

    private final DatagramChannel channel;
    private final AtomicLong nextId = new AtomicLong(1);

    EventSender() {
        try {
            channel = DatagramChannel.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Encodes an event with the CREATED and BROKER_OUT hops stamped and sends it; returns its id. */
    long send(int port, String workflow, String level, byte[] payload) {
        long id = nextId.getAndIncrement();
        sendRaw(port, frame(id, workflow, level, payload));
        return id;
    }

    void sendRaw(int port, byte[] datagram) {
        try {
            channel.send(ByteBuffer.wrap(datagram), new InetSocketAddress("127.0.0.1", port));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The wire bytes of one event. */
    static byte[] frame(long id, String workflow, String level, byte[] payload) {
        byte[] wf = workflow.getBytes(StandardCharsets.UTF_8);
        byte[] lv = level.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(EventFrame.encodedLength(wf, lv, payload.length));
        EventFrame.encode(buffer, id, wf, lv, payload, 0, payload.length);
        long now = System.nanoTime();
        new EventFrame().wrap(buffer, 0).stamp(Hop.CREATED, now).stamp(Hop.BROKER_OUT, now);
        return buffer.array();
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
