package io.tempos.broker;

import io.tempos.core.sys.PipelineStage;
import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.eventlog.EventPoint;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.DropReason;
import io.tempos.core.sys.Linux;
import io.tempos.core.sys.ThreadScheduling;
import org.agrona.concurrent.Agent;

import java.nio.ByteBuffer;

/**
 * The queue processor of one level: applies the commands other threads sent it, then takes the oldest queued events,
 * stamps broker-out and sends each to one member of every subscription group of its topic.
 * Runs on its own thread with the level's scheduling (SCHED_FIFO 99 for strict), so the
 * kernel, not this code, puts strict work ahead of best-effort work. Sole owner of the lane's
 * {@link Delivery} (its groups and member senders). Allocates nothing per event once warm.
 */
final class QueueProcessor implements Agent {

    /** Events handled per duty cycle before the idle strategy gets a say. */
    private static final int BATCH = 16;

    private final QosLevel level;
    private final BoundedQueue<FrameSlot> queue;
    private final BoundedQueue<FrameSlot> free;
    private final LaneCommands commands;
    private final Delivery delivery;
    private final LaneProgress progress;
    private final String name;
    private final EventFrame frameView = new EventFrame();

    QueueProcessor(QosLevel level, BoundedQueue<FrameSlot> queue, BoundedQueue<FrameSlot> free, LaneCommands commands,
                   LaneProgress progress, String name, Delivery.MemberOpener opener) {
        this.level = level;
        this.queue = queue;
        this.free = free;
        this.commands = commands;
        this.delivery = new Delivery(opener);
        this.progress = progress;
        this.name = name;
    }

    @Override
    public void onStart() {
        progress.processorTid(Linux.gettid());
        ThreadScheduling.apply(level, name, PipelineStage.QUEUE_PROCESSOR);
    }

    @Override
    public int doWork() {
        int done = commands.drainTo(delivery);
        FrameSlot slot = queue.poll();
        if (slot == null) {
            return done;
        }
        long now = System.nanoTime();
        int events = 0;
        do {
            send(slot, now);
            free.offer(slot);
            events++;
            now = System.nanoTime();
        } while (events < BATCH && (slot = queue.poll()) != null);
        progress.handled(events);
        return done + events;
    }

    private void send(FrameSlot slot, long now) {
        ByteBuffer frame = slot.frame();
        Route route = slot.route();
        frameView.wrap(frame, 0).stamp(Hop.BROKER_OUT, now);
        route.stats().eventLog().record(EventPoint.BROKER_OUT, frameView, null);
        Group[] groups = delivery.groups(route.topic());
        if (groups == null) {
            // The routing table naming this topic was published after the command that brings
            // its groups was queued: that command is here now.
            commands.drainTo(delivery);
            groups = delivery.groups(route.topic());
            if (groups == null) {
                route.stats().dropped(DropReason.NO_SUBSCRIBER);
                return;
            }
        }
        frame.position(0);
        delivery.deliver(frame, groups, route.stats(), now);
    }

    @Override
    public void onClose() {
        delivery.close();
    }

    /** The lane's delivery state; read it only on the processor thread or after it stopped. */
    Delivery delivery() {
        return delivery;
    }

    @Override
    public String roleName() {
        return name;
    }
}
