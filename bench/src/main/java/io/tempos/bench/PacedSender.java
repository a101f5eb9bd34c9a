package io.tempos.bench;

import io.tempos.core.qos.QosLevel;
import io.tempos.core.sys.ThreadScheduling;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * A source outside Tempos: sends one workflow's datagrams ({@code <workflow>\n<payload>}) to a
 * trigger's UDP endpoint on its own platform thread, paced at a fixed rate (see {@link Pacer}),
 * or back to back as fast as blocking sends go when the rate is 0 (a flood). Counts what it sent.
 *
 * <p>The thread takes the scheduling of the workflow's QoS level: the source stands for a sensor
 * on another machine, so the load on this one must not delay its sends (a strict source under
 * SCHED_FIFO is not starved by a best-effort flood; a best-effort source runs as usual).
 */
public final class PacedSender implements AutoCloseable {

    /** The rate that means "as fast as possible". */
    public static final int FLOOD = 0;

    private final LongAdder sent = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * Starts sending at once.
     *
     * @param ratePerS      datagrams per second, or {@link #FLOOD}
     * @param level         the workflow's level, whose scheduling the sending thread takes
     * @param durationNanos how long to send, unless {@link #close()}d earlier
     */
    public PacedSender(String workflow, byte[] payload, int ratePerS, QosLevel level, InetSocketAddress trigger,
                       long durationNanos) throws IOException {
        byte[] name = (workflow + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer datagram = ByteBuffer.allocateDirect(name.length + payload.length).put(name).put(payload).flip();
        DatagramChannel channel = DatagramChannel.open();
        channel.connect(trigger);
        Pacer pacer = new Pacer(ratePerS, durationNanos);
        String threadName = "load-" + workflow;
        this.thread = Thread.ofPlatform().name(threadName).daemon(true).start(() -> {
            ThreadScheduling.apply(level, "source " + threadName);
            try (channel) {
                while (running && pacer.awaitTurn()) {
                    try {
                        channel.write(datagram.rewind());
                        sent.increment();
                    } catch (IOException e) {
                        refused.increment();
                    }
                }
            } catch (IOException e) {
                refused.increment();
            }
        });
    }

    /** Datagrams handed to the kernel. */
    public long sent() {
        return sent.sum();
    }

    /** Sends the local kernel refused (never left this process). */
    public long refused() {
        return refused.sum();
    }

    /** Stops sending (if not done yet) and waits for the thread to end. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
