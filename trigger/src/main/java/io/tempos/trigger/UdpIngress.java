package io.tempos.trigger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

/**
 * The UDP endpoint of one level (the sensor case). A datagram is the workflow name, one
 * newline, then the payload: {@code door-lock\n{"message":…}}. Each datagram becomes a
 * forwarded event or a counted drop (malformed, unknown workflow, wrong level, oversized,
 * rate-limited); UDP has no way back to the sender, so drops are only counted.
 * Runs on one platform thread with the level's scheduling.
 */
final class UdpIngress implements Runnable {

    /** A workflow name is at most 64 characters; the newline must come within this many bytes. */
    static final int MAX_NAME_BYTES = 255;

    private final DatagramChannel socket;
    private final Intake intake;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);

    UdpIngress(DatagramChannel socket, Intake intake) {
        this.socket = socket;
        this.intake = intake;
    }

    @Override
    public void run() {
        boolean bySource = intake.limitsSources();
        while (socket.isOpen()) {
            try {
                buffer.clear();
                SocketAddress sender = socket.receive(buffer);
                if (sender != null) {
                    onDatagram(buffer.flip(), bySource ? ((InetSocketAddress) sender).getAddress() : null, System.nanoTime());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                intake.malformed();
            }
        }
    }

    private void onDatagram(ByteBuffer datagram, Object source, long now) {
        int newline = indexOfNewline(datagram, 0, datagram.limit());
        if (newline <= 0) {
            intake.malformed();
            return;
        }
        intake.accept(datagram, 0, newline, datagram.position(newline + 1), datagram.limit() - newline - 1, source, now);
    }

    /** The index of the first newline in {@code [from, limit)} within {@link #MAX_NAME_BYTES} + 1 bytes of {@code from}, or -1. */
    static int indexOfNewline(ByteBuffer bytes, int from, int limit) {
        int end = Math.min(limit, from + MAX_NAME_BYTES + 1);
        for (int i = from; i < end; i++) {
            if (bytes.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
