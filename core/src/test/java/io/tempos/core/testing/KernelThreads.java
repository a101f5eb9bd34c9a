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
 * This JVM's threads as the kernel names them, from /proc/self/task: how tests find a component's
 * threads to check their scheduling ({@link io.tempos.core.sys.TaskScheduling#of}) from outside.
 */
public final class KernelThreads {

    /** The kernel keeps the first 15 bytes of a thread's name. */
    private static final int COMM_BYTES = 15;

    private KernelThreads() {
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
