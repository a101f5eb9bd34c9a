package io.tempos.broker;

import io.tempos.core.net.UdpSockets;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.sys.Linux;
import io.tempos.core.sys.PipelineStage;
import io.tempos.core.sys.ThreadScheduling;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;

import java.io.IOException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything the broker runs for one QoS level: its ingress socket and receiver thread, its
 * bounded queue with the pool of slots that feeds it, and its queue processor thread with the
 * sockets to its subscription groups' members. Both threads get the level's scheduling. Lanes
 * share nothing but the routing table (immutable) and the statistics (wait-free), so a
 * best-effort lane holds no lock a strict one needs. Other threads reach the processor only
 * through its bounded command queue.
 */
final class LevelLane implements AutoCloseable {

    /** Replaced when the level's scheduling changes at run time; read by the starvation guard. */
    private volatile QosLevel level;
    private final DatagramChannel ingress;
    private final int ingressFd;
    private final BoundedQueue<FrameSlot> queue;
    private final LaneCommands commands;
    private final LaneProgress progress = new LaneProgress();
    private final QueueProcessor processor;
    private final AgentRunner processorRunner;
    private final Thread receiverThread;

    LevelLane(String brokerId, QosLevel level, String host, int port, Supplier<RoutingTable> routes, ComponentStats stats) throws IOException {
        this.level = level;
        this.ingress = UdpSockets.bind(host, port, level);
        this.ingressFd = UdpSockets.descriptor(ingress);
        this.queue = new BoundedQueue<>(level.queueCapacity());
        // One slot more than the queue holds: the one the processor is sending.
        BoundedQueue<FrameSlot> free = new BoundedQueue<>(level.queueCapacity() + 1);
        for (int i = 0; i <= level.queueCapacity(); i++) {
            free.offer(new FrameSlot());
        }
        WakeSignal signal = new WakeSignal();
        this.commands = new LaneCommands(signal);
        String prefix = brokerId + "-" + level.name();
        this.processor = new QueueProcessor(level, queue, free, commands, progress, prefix + "-processor");
        this.processorRunner = new AgentRunner(
                IdleStrategies.of(level.waitStrategy(), signal, () -> !queue.isEmpty() || !commands.isEmpty()),
                error -> System.getLogger(LevelLane.class.getName()).log(System.Logger.Level.ERROR, prefix + " processor: " + error, error),
                null, processor);
        AgentRunner.startOnThread(processorRunner, runnable -> Thread.ofPlatform().name(prefix + "-processor").daemon(true).unstarted(runnable));
        LevelReceiver receiver = new LevelReceiver(level.name(), level.overflow(), ingress, queue, free, signal, routes, stats, progress);
        this.receiverThread = Thread.ofPlatform().name(prefix + "-receiver").daemon(true).start(() -> {
            ThreadScheduling.apply(level, prefix + "-receiver", PipelineStage.QUEUE_RECEIVER);
            receiver.run();
        });
    }

    QosLevel level() {
        return level;
    }

    /**
     * Gives the lane's receiver and processor {@code next}'s scheduling (a level changed at run
     * time), from the calling thread by their kernel ids: neither is asked or paused.
     *
     * @return what the kernel refused, empty when all is in force
     */
    List<String> reschedule(QosLevel next) {
        level = next;
        List<String> refused = new ArrayList<>();
        reapply(progress.receiverTid(), next, "receiver", PipelineStage.QUEUE_RECEIVER, refused);
        reapply(progress.processorTid(), next, "processor", PipelineStage.QUEUE_PROCESSOR, refused);
        return refused;
    }

    private static void reapply(int tid, QosLevel level, String role, PipelineStage stage, List<String> refused) {
        if (tid != 0) {
            String problem = ThreadScheduling.reapply(tid, level, level.name() + " " + role, stage);
            if (problem != null) {
                refused.add(problem);
            }
        }
    }

    int queueDepth() {
        return queue.size();
    }

    /** Hands {@code command} to the processor; false when its command queue is full. */
    boolean offer(LaneCommand command) {
        return commands.offer(command);
    }

    /** Whether the lane has work waiting: queued events, or a datagram its receiver has not read. */
    boolean hasWork() {
        return !queue.isEmpty() || (ingressFd >= 0 && Linux.pendingBytes(ingressFd) > 0);
    }

    LaneProgress progress() {
        return progress;
    }

    Thread receiverThread() {
        return receiverThread;
    }

    Thread processorThread() {
        return processorRunner.thread();
    }

    QueueProcessor processor() {
        return processor;
    }

    @Override
    public void close() {
        CloseHelper.quietClose(ingress);
        CloseHelper.quietClose(processorRunner);
        try {
            receiverThread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
