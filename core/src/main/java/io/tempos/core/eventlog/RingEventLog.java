package io.tempos.core.eventlog;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.Hop;
import io.tempos.core.stats.DropReason;
import org.agrona.BitUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The event log of one component: any of its hot threads appends to one Agrona
 * {@link ManyToOneRingBuffer} over a direct buffer (a CAS on the tail, no lock, no allocation);
 * one background thread, {@code eventlog-<component>}, drains the ring into the file. A record
 * that finds the ring full is dropped and counted in {@link #lost()}.
 */
final class RingEventLog implements EventLog {

    private static final System.Logger LOG = System.getLogger(RingEventLog.class.getName());
    private static final int MESSAGE_TYPE = 1;
    private static final int BATCH = 1_024;
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int FILE_BUFFER_BYTES = 1 << 16;
    private static final long CLOSE_DRAIN_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final String component;
    private final Path file;
    private final ManyToOneRingBuffer ring;
    private final AtomicBuffer ringBuffer;
    private final FileChannel channel;
    private final ByteBuffer out = ByteBuffer.allocateDirect(FILE_BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    private final MessageHandler toFile = this::onRecord;
    private final LongAdder recorded = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final Thread writer;
    private volatile boolean running = true;
    private boolean closed;
    private IOException failure;

    private RingEventLog(String component, Path file, int ringBytes, FileChannel channel) {
        this.component = component;
        this.file = file;
        this.ringBuffer = new UnsafeBuffer(ByteBuffer.allocateDirect(ringBytes + RingBufferDescriptor.TRAILER_LENGTH));
        this.ring = new ManyToOneRingBuffer(ringBuffer);
        this.channel = channel;
        this.writer = Thread.ofPlatform().name("eventlog-" + component).daemon(true).unstarted(this::drainUntilClosed);
    }

    /**
     * Opens (truncates) {@code file}, writes its header and starts the writer thread.
     *
     * @param ringBytes the ring's capacity, a power of two of at least 4 KiB
     */
    static RingEventLog open(Path file, String component, int ringBytes) throws IOException {
        if (!BitUtil.isPowerOfTwo(ringBytes) || ringBytes < 4_096) {
            throw new IllegalArgumentException("event log ring of " + ringBytes + " bytes: must be a power of two >= 4096");
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        RingEventLog log;
        try {
            log = new RingEventLog(component, file, ringBytes, channel);
        } catch (LinkageError e) {
            channel.close();
            throw new IOException("the event log's ring (Agrona UnsafeBuffer) needs the JVM flag "
                    + "--add-exports java.base/jdk.internal.misc=ALL-UNNAMED (./tempos passes it): " + e, e);
        }
        byte[] name = component.getBytes(StandardCharsets.UTF_8);
        log.out.put(EventLogFormat.MAGIC).put((byte) Math.min(255, name.length)).put(name, 0, Math.min(255, name.length));
        log.writer.start();
        return log;
    }

    @Override
    public void record(EventPoint point, EventFrame frame, DropReason dropped) {
        int length = EventLogFormat.FIXED_BYTES + frame.workflowLength();
        int index = ring.tryClaim(MESSAGE_TYPE, length);
        if (index < 0) {
            lost.increment();
            return;
        }
        try {
            ringBuffer.putByte(index + EventLogFormat.POINT_OFFSET, (byte) point.ordinal());
            ringBuffer.putByte(index + EventLogFormat.OUTCOME_OFFSET,
                    (byte) (dropped == null ? EventLogFormat.OUTCOME_PASSED : dropped.ordinal() + 1));
            ringBuffer.putByte(index + EventLogFormat.WORKFLOW_LENGTH_OFFSET, (byte) frame.workflowLength());
            ringBuffer.putByte(index + 3, (byte) 0);
            ringBuffer.putInt(index + 4, 0, ByteOrder.LITTLE_ENDIAN);
            ringBuffer.putLong(index + EventLogFormat.EVENT_ID_OFFSET, frame.eventId(), ByteOrder.LITTLE_ENDIAN);
            for (int hop = 0; hop < Hop.count(); hop++) {
                ringBuffer.putLong(index + EventLogFormat.STAMPS_OFFSET + hop * Long.BYTES, frame.timestamp(Hop.of(hop)), ByteOrder.LITTLE_ENDIAN);
            }
            frame.copyWorkflow(ringBuffer, index + EventLogFormat.FIXED_BYTES);
        } catch (RuntimeException e) {
            ring.abort(index);
            lost.increment();
            return;
        }
        ring.commit(index);
        recorded.increment();
    }

    @Override
    public long recorded() {
        return recorded.sum();
    }

    @Override
    public long lost() {
        return lost.sum();
    }

    /** The writer thread's loop: drain, and when the ring is empty write out and nap. */
    private void drainUntilClosed() {
        while (running) {
            if (ring.read(toFile, BATCH) == 0) {
                writeOut();
                LockSupport.parkNanos(IDLE_NANOS);
            }
        }
    }

    private void onRecord(int messageType, org.agrona.MutableDirectBuffer buffer, int index, int length) {
        if (out.remaining() < length) {
            writeOut();
        }
        buffer.getBytes(index, out, out.position(), length);
        out.position(out.position() + length);
    }

    /** Writes the file buffer out; after a write error the records are discarded, counted lost. */
    private void writeOut() {
        out.flip();
        try {
            if (failure == null) {
                while (out.hasRemaining()) {
                    channel.write(out);
                }
            } else if (out.hasRemaining()) {
                lost.add(out.remaining() / EventLogFormat.FIXED_BYTES);
            }
        } catch (IOException e) {
            failure = e;
            LOG.log(System.Logger.Level.ERROR, "event log of " + component + ": cannot write " + file + ": " + e
                    + "; further records are dropped and counted lost");
        }
        out.clear();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        EventLogs.closed(component, this);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // What hot threads appended before they stopped. A read that meets the padding at the
        // ring's end returns 0 with records still behind it, hence the size; a record claimed but
        // never committed (its thread stopped) would keep the size up, hence the deadline.
        long deadline = System.nanoTime() + CLOSE_DRAIN_NANOS;
        while ((ring.read(toFile, BATCH) > 0 || ring.size() > 0) && System.nanoTime() - deadline < 0) {
            Thread.onSpinWait();
        }
        if (out.remaining() < EventLogFormat.FIXED_BYTES) {
            writeOut();
        }
        out.put((byte) EventLogFormat.SUMMARY_POINT).put((byte) 0).put((byte) 0).put((byte) 0).putInt(0).putLong(lost.sum());
        for (int hop = 0; hop < Hop.count(); hop++) {
            out.putLong(0L);
        }
        writeOut();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "event log of " + component + ": closing " + file + ": " + e);
        }
    }
}
