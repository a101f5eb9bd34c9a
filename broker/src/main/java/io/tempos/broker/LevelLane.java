package io.tempos.broker;

import io.tempos.core.channel.ChannelAdapter;
import io.tempos.core.channel.Endpoint;
import io.tempos.core.channel.ReceiveChannel;
import io.tempos.core.config.TsnSpec;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.stats.ComponentStats;
import io.tempos.core.sys.Linux;
import io.tempos.core.sys.PipelineStage;
import io.tempos.core.sys.ThreadScheduling;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
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

    /** Replaced when the level's scheduling changes at run time; read by the starvation guard. */
    private volatile QosLevel level;
    private final ChannelAdapter adapter;
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
        this.adapter = adapter;
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
        LevelReceiver receiver = new LevelReceiver(level.name(), level.overflow(), ingress, relay, queue, free, signal, routes, stats, progress);
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

    /**
     * Waits until {@code deadlineNs} for the members' senders to connect (stream channels); call
     * after a reconfiguration is in force. Returns the members still without a connection.
     */
    List<Member> awaitMembersConnected(long deadlineNs) {
        List<Member> members = members();
        List<Member> waiting = new ArrayList<>();
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
    List<Member> members() {
        return List.copyOf(processor.delivery().members().values());
    }

    /**
     * The member sending to {@code endpoint} as of the last reconfiguration in force, or null when
     * the processor has none (yet); any thread, as {@link #members()}.
     */
    Member member(Endpoint endpoint) {
        return processor.delivery().members().get(endpoint);
    }

    /** The level's channel adapter: the lane's ingress and every member's sender use it. */
    ChannelAdapter adapter() {
        return adapter;
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
