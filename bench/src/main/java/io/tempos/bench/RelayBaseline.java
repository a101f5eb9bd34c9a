package io.tempos.bench;

import io.tempos.core.stats.Percentiles;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.DatagramChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The machine's floor for two-hop delivery: plain JDK UDP sockets on loopback, no queue and no
 * Tempos code, with the same paced rate and datagram as a benchmark flow.
 *
 * <pre>
 *   sender ──UDP──▶ relay ──UDP──▶ receiver
 *   stamps nanoTime    receive,       receive, records
 *   into the datagram  send on        now − stamp
 * </pre>
 *
 * Three platform threads with normal scheduling, blocking sockets. A paced flow pays a thread
 * wake-up per hop (tens of µs), far more than a ping-pong, so this is the floor a 1000/s flow
 * through trigger → broker → invoker should be compared with.
 */
final class RelayBaseline {

    private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** After the sender stops, the last datagrams get this long to arrive. */
    private static final long LAST_ARRIVAL_MILLIS = 1_000;

    private final byte[] datagram;
    private final int ratePerS;
    private final Recorder recorder = new Recorder(HIGHEST_NANOS, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder received = new LongAdder();
    /** Datagrams stamped before this instant are warm-up: neither counted nor recorded. */
    private volatile long measuredFromNanos;

    /**
     * @param datagram what the sender sends (its first 8 bytes are overwritten with the stamp)
     */
    RelayBaseline(byte[] datagram, int ratePerS) {
        if (datagram.length < Long.BYTES) {
            throw new IllegalArgumentException("datagram of " + datagram.length + " bytes cannot carry an 8-byte stamp");
        }
        this.datagram = datagram.clone();
        this.ratePerS = ratePerS;
    }

    /** Runs {@code warmupS} unmeasured, then {@code durationS} measured, printing a line per second. */
    DeliveryResults.Baseline run(double warmupS, int durationS, PrintStream out) throws IOException, InterruptedException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (DatagramChannel receiverSocket = bound(loopback);
             DatagramChannel relaySocket = bound(loopback);
             DatagramChannel senderSocket = DatagramChannel.open(StandardProtocolFamily.INET)) {
            InetSocketAddress receiverAddress = (InetSocketAddress) receiverSocket.getLocalAddress();
            senderSocket.connect(relaySocket.getLocalAddress());
            long warmupNanos = (long) (warmupS * 1e9);
            long start = System.nanoTime();
            measuredFromNanos = start + warmupNanos;
            Thread receiver = Thread.ofPlatform().name("relay-receiver").daemon(true).start(() -> receive(receiverSocket));
            Thread relay = Thread.ofPlatform().name("relay").daemon(true).start(() -> relay(relaySocket, receiverAddress));
            long totalNanos = warmupNanos + TimeUnit.SECONDS.toNanos(durationS);
            Thread sender = Thread.ofPlatform().name("relay-sender").daemon(true).start(() -> send(senderSocket, totalNanos));

            Histogram total = new Histogram(HIGHEST_NANOS, 3);
            sleepUntil(start + warmupNanos);
            ProcessCpu measuredFrom = ProcessCpu.now();
            for (int second = 1; second <= durationS; second++) {
                sleepUntil(start + warmupNanos + TimeUnit.SECONDS.toNanos(second));
                total.add(recorder.getIntervalHistogram());
                out.printf(Locale.ROOT, "[relay baseline %3d/%d s] sent %,d received %,d p50 %s p99 %s%n", second, durationS,
                        sent.sum(), received.sum(),
                        Formats.micros(total.getValueAtPercentile(50) / 1e3), Formats.micros(total.getValueAtPercentile(99) / 1e3));
            }
            Double cpuPercent = ProcessCpu.now().percentOfOneCpuSince(measuredFrom);
            sender.join();
            long deadline = System.currentTimeMillis() + LAST_ARRIVAL_MILLIS;
            while (received.sum() < sent.sum() && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            total.add(recorder.getIntervalHistogram());
            receiverSocket.close();
            relaySocket.close();
            receiver.join();
            relay.join();
            Percentiles latency = Percentiles.ofNanos(total);
            return new DeliveryResults.Baseline(latency.p50(), latency.p99(), latency.p999(), latency.max(), ratePerS,
                    datagram.length, sent.sum(), received.sum(), cpuPercent);
        }
    }

    private void send(DatagramChannel socket, long durationNanos) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(datagram.length).put(datagram).flip();
        Pacer pacer = new Pacer(ratePerS, durationNanos);
        while (pacer.awaitTurn()) {
            long stamp = System.nanoTime();
            buffer.putLong(0, stamp);
            try {
                socket.write(buffer.rewind());
                if (stamp - measuredFromNanos >= 0) {
                    sent.increment();
                }
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void relay(DatagramChannel socket, InetSocketAddress next) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        try {
            while (true) {
                buffer.clear();
                socket.receive(buffer);
                socket.send(buffer.flip(), next);
            }
        } catch (AsynchronousCloseException e) {
            // closed: the run is over
        } catch (IOException e) {
            throw new IllegalStateException("relay socket failed: " + e.getMessage(), e);
        }
    }

    private void receive(DatagramChannel socket) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65_536);
        try {
            while (true) {
                buffer.clear();
                socket.receive(buffer);
                long now = System.nanoTime();
                long stamp = buffer.getLong(0);
                if (stamp - measuredFromNanos >= 0) {
                    recorder.recordValue(Math.min(Math.max(0, now - stamp), HIGHEST_NANOS));
                    received.increment();
                }
            }
        } catch (AsynchronousCloseException e) {
            // closed: the run is over
        } catch (IOException e) {
            throw new IllegalStateException("receiver socket failed: " + e.getMessage(), e);
        }
    }

    private static DatagramChannel bound(InetAddress loopback) throws IOException {
        DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET);
        socket.bind(new InetSocketAddress(loopback, 0));
        return socket;
    }

    static void sleepUntil(long nanoTime) throws InterruptedException {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }
}
