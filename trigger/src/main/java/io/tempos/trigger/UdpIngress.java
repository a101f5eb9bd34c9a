package io.tempos.trigger;

import io.tempos.core.stats.ComponentStats;
import io.tempos.core.stats.DropReason;
import io.tempos.core.stats.WorkflowStats;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The UDP endpoint of one level (the sensor case). A datagram is the workflow name, one
 * newline, then the payload: {@code door-lock\n{"message":…}}. Each datagram becomes a
 * forwarded event or a counted drop (malformed, unknown workflow, wrong level, oversized).
 */
final class UdpIngress implements Runnable {

    /** A workflow name is at most 64 characters; the newline must come within this many bytes. */
    private static final int MAX_NAME_BYTES = 255;

    private final String level;
    private final DatagramChannel socket;
    private final EventForwarder forwarder;
    private final Supplier<WorkflowDirectory> directory;
    private final ComponentStats stats;
    private final int maxPayloadBytes;
    private final ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);

    UdpIngress(String level, DatagramChannel socket, EventForwarder forwarder, Supplier<WorkflowDirectory> directory,
               ComponentStats stats, int maxPayloadBytes) {
        this.level = level;
        this.socket = socket;
        this.forwarder = forwarder;
        this.directory = directory;
        this.stats = stats;
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public void run() {
        while (socket.isOpen()) {
            try {
                buffer.clear();
                if (socket.receive(buffer) != null) {
                    onDatagram(buffer.flip(), System.nanoTime());
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                stats.unattributed().dropped(DropReason.MALFORMED);
            }
        }
    }

    private void onDatagram(ByteBuffer datagram, long now) {
        int newline = indexOfNewline(datagram);
        if (newline <= 0) {
            stats.unattributed().dropped(DropReason.MALFORMED);
            return;
        }
        byte[] name = new byte[newline];
        datagram.get(0, name);
        WorkflowDirectory.Entry workflow = directory.get().get(new String(name, StandardCharsets.UTF_8));
        if (workflow == null) {
            stats.unattributed().dropped(DropReason.UNKNOWN_WORKFLOW);
            return;
        }
        WorkflowStats counts = stats.of(workflow.workflow());
        counts.received();
        int payloadLength = datagram.limit() - newline - 1;
        if (!workflow.level().equals(level)) {
            counts.dropped(DropReason.WRONG_LEVEL);
            return;
        }
        if (payloadLength > maxPayloadBytes) {
            counts.dropped(DropReason.OVERSIZED);
            return;
        }
        long result = forwarder.forward(workflow, datagram.position(newline + 1), payloadLength, now);
        if (result >= 0) {
            counts.forwarded();
        } else {
            counts.dropped(EventForwarder.reasonOf(result));
        }
    }

    private static int indexOfNewline(ByteBuffer datagram) {
        int end = Math.min(datagram.limit(), MAX_NAME_BYTES + 1);
        for (int i = 0; i < end; i++) {
            if (datagram.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }
}
