package io.tempos.cli.testbed;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What the testbed tests need from the machine, and the namespace list they check. */
final class RootNetns {

    private RootNetns() {
    }

    /** Skips the test unless this process is root and {@code ip netns} works (CI runs as root with iproute2). */
    static void assume() {
        Assumptions.assumeTrue(effectiveUid() == 0, "the testbed needs root (network namespaces, tc)");
        Assumptions.assumeTrue(Iproute.netnsAvailable(), "the testbed needs iproute2's `ip netns`");
    }

    /** The names of the network namespaces that start with {@code prefix}. */
    static List<String> namespaces(String prefix) throws IOException {
        return Arrays.stream(Iproute.ip("netns", "list").split("\n"))
                .map(line -> line.strip().split("\\s+")[0])
                .filter(name -> name.startsWith(prefix))
                .toList();
    }

    private static long effectiveUid() {
        try {
            return Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .map(line -> Long.parseLong(line.split("\\s+")[2]))
                    .findFirst().orElse(-1L);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
