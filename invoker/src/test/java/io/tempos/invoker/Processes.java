package io.tempos.invoker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What the tests read of other processes in /proc: who is alive, and with which scheduling. */
final class Processes {

    private Processes() {
    }

    /** The pids of live (not zombie) processes whose command line contains {@code marker}. */
    static List<Integer> aliveWith(String marker) {
        List<Integer> pids = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            for (Path dir : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).toList()) {
                try {
                    String cmdline = new String(Files.readAllBytes(dir.resolve("cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
                    if (cmdline.contains(marker) && isAlive(Integer.parseInt(dir.getFileName().toString()))) {
                        pids.add(Integer.parseInt(dir.getFileName().toString()));
                    }
                } catch (IOException e) {
                    // it ended while we looked
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot list /proc", e);
        }
        return pids;
    }

    /** True while {@code pid} exists and is not a zombie. */
    static boolean isAlive(int pid) {
        String[] stat = stat(pid);
        return stat != null && !stat[2].equals("Z") && !stat[2].equals("X");
    }

    /** The scheduling policy of {@code pid} (field 41 of /proc/PID/stat: 0 OTHER, 1 FIFO, 2 RR), or -1. */
    static int policy(int pid) {
        String[] stat = stat(pid);
        return stat == null ? -1 : Integer.parseInt(stat[40]);
    }

    /** The real-time priority of {@code pid} (field 40), or -1. */
    static int rtPriority(int pid) {
        String[] stat = stat(pid);
        return stat == null ? -1 : Integer.parseInt(stat[39]);
    }

    /** The fields of /proc/PID/stat, the command (field 2, in parentheses) kept whole; null if gone. */
    private static String[] stat(int pid) {
        try {
            String text = Files.readString(Path.of("/proc/" + pid + "/stat"));
            int close = text.lastIndexOf(')');
            String[] rest = text.substring(close + 2).split(" ");
            String[] fields = new String[rest.length + 2];
            fields[0] = text.substring(0, text.indexOf(' '));
            fields[1] = text.substring(text.indexOf('(') + 1, close);
            System.arraycopy(rest, 0, fields, 2, rest.length);
            return fields;
        } catch (IOException e) {
            return null;
        }
    }
}
