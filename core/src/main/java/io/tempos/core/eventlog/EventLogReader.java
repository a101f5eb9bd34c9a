package io.tempos.core.eventlog;

import io.tempos.core.event.Hop;
import io.tempos.core.stats.DropReason;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.function.Consumer;

/** Reads an event-log file (the format of {@link EventLogFormat}) record by record. */
public final class EventLogReader {

    private EventLogReader() {
    }

    /**
     * What a file held besides its records.
     *
     * @param records records read
     * @param lost    records the component dropped on a full ring (known once the log was closed)
     * @param closed  whether the file ends with the closing summary; false for a log still being
     *                written, or one whose process was killed (its last records may be missing)
     */
    public record Summary(String component, long records, long lost, boolean closed) {
    }

    /**
     * Hands every record of {@code file} to {@code each}, in file order.
     *
     * @throws IOException naming the file and the offset when it is not an event log or is cut
     *                     in the middle of a header
     */
    public static Summary read(Path file, Consumer<EventLogRecord> each) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            MappedByteBuffer in = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
            in.order(ByteOrder.LITTLE_ENDIAN);
            byte[] magic = new byte[EventLogFormat.MAGIC.length];
            if (in.remaining() < magic.length + 1) {
                throw new IOException(file + ": not a Tempos event log (" + channel.size() + " bytes, no header)");
            }
            in.get(magic);
            if (!Arrays.equals(magic, EventLogFormat.MAGIC)) {
                throw new IOException(file + ": not a Tempos event log (no TPEVLOG1 header)");
            }
            byte[] name = new byte[Byte.toUnsignedInt(in.get())];
            in.get(name);
            String component = new String(name, StandardCharsets.UTF_8);
            long records = 0;
            while (in.remaining() >= EventLogFormat.FIXED_BYTES) {
                int at = in.position();
                int point = Byte.toUnsignedInt(in.get(at + EventLogFormat.POINT_OFFSET));
                int outcome = Byte.toUnsignedInt(in.get(at + EventLogFormat.OUTCOME_OFFSET));
                int workflowLength = Byte.toUnsignedInt(in.get(at + EventLogFormat.WORKFLOW_LENGTH_OFFSET));
                long id = in.getLong(at + EventLogFormat.EVENT_ID_OFFSET);
                if (point == EventLogFormat.SUMMARY_POINT) {
                    return new Summary(component, records, id, true);
                }
                if (point >= EventPoint.values().length || outcome > DropReason.count()) {
                    throw new IOException(file + ": bad record at offset " + at + " (point " + point + ", outcome " + outcome + ")");
                }
                if (in.remaining() < EventLogFormat.FIXED_BYTES + workflowLength) {
                    break; // the writer was stopped in the middle of this record
                }
                long[] stamps = new long[Hop.count()];
                for (int hop = 0; hop < stamps.length; hop++) {
                    stamps[hop] = in.getLong(at + EventLogFormat.STAMPS_OFFSET + hop * Long.BYTES);
                }
                byte[] workflow = new byte[workflowLength];
                in.get(at + EventLogFormat.FIXED_BYTES, workflow);
                in.position(at + EventLogFormat.FIXED_BYTES + workflowLength);
                each.accept(new EventLogRecord(EventPoint.of(point), outcome == 0 ? null : DropReason.of(outcome - 1), id, stamps,
                        new String(workflow, StandardCharsets.UTF_8)));
                records++;
            }
            return new Summary(component, records, 0, false);
        }
    }
}
