package io.tempos.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the kernel says about the threads of this JVM, read from /proc/self/task: how tests check
 * the scheduling a component gave its threads from outside those threads.
 */
public final class KernelThreads {

    /** The kernel keeps the first 15 bytes of a thread's name. */
    private static final int COMM_BYTES = 15;

    private KernelThreads() {
    }

    /**
     * One thread's scheduling as the kernel has it.
     *
     * @param policy     0 OTHER, 1 FIFO, 2 RR
     * @param rtPriority 1..99 for FIFO/RR, 0 for OTHER
     * @param nice       -20..19
     * @param cpus       e.g. {@code 0-1} or {@code 1}
     */
    public record Scheduling(int policy, int rtPriority, int nice, String cpus) {
    }

    /** The ids of this JVM's live threads whose name starts with {@code prefix} (as far as the kernel keeps it). */
    public static List<Integer> named(String prefix) {
        String kept = prefix.length() > COMM_BYTES ? prefix.substring(0, COMM_BYTES) : prefix;
        List<Integer> tids = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String comm = read(task.resolve("comm"));
                if (comm != null && comm.strip().startsWith(kept)) {
                    tids.add(Integer.parseInt(task.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tids;
    }

    /** The scheduling of thread {@code tid} of this JVM. */
    public static Scheduling of(int tid) {
        Path task = Path.of("/proc/self/task", Integer.toString(tid));
        String stat = read(task.resolve("stat"));
        String status = read(task.resolve("status"));
        if (stat == null || status == null) {
            throw new IllegalStateException("thread " + tid + " has ended");
        }
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        String cpus = status.lines().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
        // proc(5) numbers stat fields from 1 and the two before these are pid and comm.
        return new Scheduling(Integer.parseInt(fields[41 - 3]), Integer.parseInt(fields[40 - 3]), Integer.parseInt(fields[19 - 3]), cpus);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null; // the thread ended while we looked
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
