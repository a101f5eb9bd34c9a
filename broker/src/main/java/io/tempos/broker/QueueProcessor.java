package io.tempos.broker;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.eventlog.EventPoint;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.DropReason;
import io.tempos.core.sys.ThreadScheduling;
import org.agrona.concurrent.Agent;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;

/**
 * The queue processor of one level: takes the oldest queued event, stamps broker-out and sends
 * it to every subscriber of its topic over the level's egress socket. Runs on its own thread
 * with the level's scheduling (SCHED_FIFO 99 for strict), so the kernel, not this code, puts
 * strict work ahead of best-effort work. Sole user of the egress socket.
 */
final class QueueProcessor implements Agent {

    /** Events handled per duty cycle before the idle strategy gets a say. */
    private static final int BATCH = 16;

    private final QosLevel level;
    private final BoundedQueue<FrameSlot> queue;
    private final BoundedQueue<FrameSlot> free;
    private final DatagramChannel egress;
    private final String name;
    private final EventFrame frameView = new EventFrame();

    QueueProcessor(QosLevel level, BoundedQueue<FrameSlot> queue, BoundedQueue<FrameSlot> free, DatagramChannel egress, String name) {
        this.level = level;
        this.queue = queue;
        this.free = free;
        this.egress = egress;
        this.name = name;
    }

    @Override
    public void onStart() {
        ThreadScheduling.apply(level, name);
    }

    @Override
    public int doWork() {
        int done = 0;
        FrameSlot slot;
        while (done < BATCH && (slot = queue.poll()) != null) {
            send(slot);
            free.offer(slot);
            done++;
        }
        return done;
    }

    private void send(FrameSlot slot) {
        ByteBuffer frame = slot.frame();
        Route route = slot.route();
        frameView.wrap(frame, 0).stamp(Hop.BROKER_OUT, System.nanoTime());
        route.stats().eventLog().record(EventPoint.BROKER_OUT, frameView, null);
        List<InetSocketAddress> subscribers = route.subscribers();
        if (subscribers.isEmpty()) {
            route.stats().dropped(DropReason.NO_SUBSCRIBER);
            return;
        }
        for (int i = 0; i < subscribers.size(); i++) {
            frame.position(0);
            try {
                if (egress.send(frame, subscribers.get(i)) > 0) {
                    route.stats().forwarded();
                } else {
                    route.stats().dropped(DropReason.SEND_FAILED);
                }
            } catch (IOException e) {
                route.stats().dropped(DropReason.SEND_FAILED);
            }
        }
    }

    @Override
    public String roleName() {
        return name;
    }
}
