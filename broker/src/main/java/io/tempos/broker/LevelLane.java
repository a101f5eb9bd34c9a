package io.tempos.broker;

import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.config.TsnSpec;
import io.tempos.core.sys.PipelineStage;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.sys.LevelThreads;
import io.tempos.core.sys.Linux;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;

import java.io.IOException;
import java.util.function.Supplier;

/**
 * Everything the broker runs for one QoS level: its ingress (a receiver of the level's channel
 * adapter) and receiver thread, its bounded queue with the pool of slots that feeds it, and its
 * queue processor thread with the senders to its subscription groups' members (each with a
 * reader of what the member sends back). Receiver and processor get the level's scheduling. Lanes
 * share nothing but the routing table (immutable) and the statistics (wait-free), so a
 * best-effort lane holds no lock a strict one needs. Other threads reach the processor only
 * through its bounded command queue.
 */
final class LevelLane implements AutoCloseable {

    private final QosLevel level;
    private final ReceiveChannel ingress;
    private final int ingressFd;
    private final BoundedQueue<FrameSlot> queue;
    private final LaneCommands commands;
    private final LaneProgress progress = new LaneProgress();
    private final QueueProcessor processor;
    private final AgentRunner processorRunner;
    private final Thread receiverThread;

    LevelLane(String brokerId, QosLevel level, ChannelAdapter adapter, Endpoint endpoint, TsnSpec tsn, Supplier<RoutingTable> routes,
              ComponentStats stats) throws IOException {
        this.level = level;
        this.ingress = adapter.openReceiver(endpoint, level);
        this.ingressFd = ingress.descriptor();
        this.queue = new BoundedQueue<>(level.queueCapacity());
        // One slot more than the queue holds: the one the processor is sending.
        BoundedQueue<FrameSlot> free = new BoundedQueue<>(level.queueCapacity() + 1);
        for (int i = 0; i <= level.queueCapacity(); i++) {
            free.offer(new FrameSlot());
        }
        WakeSignal signal = new WakeSignal();
        this.commands = new LaneCommands(signal);
        String prefix = brokerId + "-" + level.name();
        ResultRelay relay = new ResultRelay(level.name(), ingress, LevelReceiver.REPLY_ROUTES);
        this.processor = new QueueProcessor(level, queue, free, commands, progress, prefix + "-processor",
                (invokerId, member) -> Member.open(invokerId, member, adapter, level, tsn, relay, "replies-" + prefix + "-" + invokerId));
        this.processorRunner = new AgentRunner(
                IdleStrategies.of(level.waitStrategy(), signal, () -> !queue.isEmpty() || !commands.isEmpty()),
                error -> System.getLogger(LevelLane.class.getName()).log(System.Logger.Level.ERROR, prefix + " processor: " + error, error),
                null, processor);
        AgentRunner.startOnThread(processorRunner, runnable -> Thread.ofPlatform().name(prefix + "-processor").daemon(true).unstarted(runnable));
        this.receiverThread = LevelThreads.start(level, PipelineStage.QUEUE_RECEIVER, prefix + "-receiver",
                new LevelReceiver(level.name(), level.overflow(), ingress, relay, queue, free, signal, routes, stats, progress));
    }

    QosLevel level() {
        return level;
    }

    int queueDepth() {
        return queue.size();
    }

    /** Hands {@code command} to the processor; false when its command queue is full. */
    boolean offer(LaneCommand command) {
        return commands.offer(command);
    }

    /**
     * Waits until {@code deadlineNs} for the members' senders to connect (stream channels); call
     * after a reconfiguration is in force. Returns the members still without a connection.
     */
    java.util.List<Member> awaitMembersConnected(long deadlineNs) {
        java.util.List<Member> members = members();
        java.util.List<Member> waiting = new java.util.ArrayList<>();
        for (Member member : members) {
            while (!member.connected() && System.nanoTime() - deadlineNs < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
            }
            if (!member.connected()) {
                waiting.add(member);
            }
        }
        return waiting;
    }

    /**
     * The members as of the last reconfiguration in force, for management threads: the map is
     * replaced, never changed, by the processor, and its members' connection and loss counts
     * are safe to read from any thread.
     */
    java.util.List<Member> members() {
        return java.util.List.copyOf(processor.delivery().members().values());
    }

    /** Where the ingress listens (with the port chosen when bound to port 0). */
    Endpoint ingressEndpoint() {
        return ingress.localEndpoint();
    }

    /** Whether the lane has work waiting: queued events, or bytes its receiver has not read. */
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
