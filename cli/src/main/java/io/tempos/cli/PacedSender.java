package io.tempos.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * A source outside Tempos: sends one workflow's datagrams ({@code <workflow>\n<payload>}) to a
 * trigger's UDP endpoint at a fixed rate on its own thread, on an absolute schedule so that a
 * late wake-up is followed by a catch-up burst rather than a lower rate. Counts what it sent.
 */
public final class PacedSender implements AutoCloseable {

    /** A sender more than this far behind its schedule drops the backlog instead of bursting. */
    private static final long MAX_LAG_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final LongAdder sent = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final Thread thread;
    private volatile boolean running = true;

    public PacedSender(String workflow, byte[] payload, int ratePerS, InetSocketAddress trigger, long durationNanos) throws IOException {
        byte[] name = (workflow + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer datagram = ByteBuffer.allocateDirect(name.length + payload.length).put(name).put(payload).flip();
        DatagramChannel channel = DatagramChannel.open();
        channel.connect(trigger);
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / ratePerS;
        this.thread = Thread.ofPlatform().name("load-" + workflow).daemon(true).start(() -> {
            try (channel) {
                long start = System.nanoTime();
                long next = start;
                while (running && next - start < durationNanos) {
                    long now = System.nanoTime();
                    if (now < next) {
                        LockSupport.parkNanos(next - now);
                        continue;
                    }
                    if (now - next > MAX_LAG_NANOS) {
                        next = now;
                    }
                    datagram.rewind();
                    try {
                        channel.write(datagram);
                        sent.increment();
                    } catch (IOException e) {
                        refused.increment();
                    }
                    next += periodNanos;
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

    boolean isDone() {
        return !thread.isAlive();
    }

    void awaitDone() throws InterruptedException {
        thread.join();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }
}
