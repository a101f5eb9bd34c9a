package io.tempos.core.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs code on a fresh platform thread that ends with it, so that a scheduling change never
 * outlives the test, and reads what the kernel says about the calling thread.
 */
final class ThreadProbe {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private ThreadProbe() {
    }

    static <T> T onFreshPlatformThread(Callable<T> body) throws Exception {
        FutureTask<T> task = new FutureTask<>(body);
        Thread thread = Thread.ofPlatform().name("scheduling-probe").start(task);
        try {
            return task.get(LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            thread.interrupt();
            throw e;
        } finally {
            thread.join(LIMIT);
        }
    }

    /** Field {@code number} (1-based, as in proc(5)) of /proc/thread-self/stat. */
    static long statField(int number) {
        String stat = read("/proc/thread-self/stat");
        String[] afterName = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return Long.parseLong(afterName[number - 3]);
    }

    static long nice() {
        return statField(19);
    }

    static long rtPriority() {
        return statField(40);
    }

    static long policy() {
        return statField(41);
    }

    /** e.g. {@code 0-1} or {@code 0}. */
    static String cpusAllowed() {
        return read("/proc/thread-self/status").lines().filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElseThrow();
    }

    /** The kernel's id of the calling thread, from the /proc/thread-self link ({@code pid/task/tid}). */
    static int tidFromProc() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
