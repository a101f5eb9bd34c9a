package io.tempos.cli.testbed;

import io.tempos.cli.testbed.ClassCounters.ClassCount;
import io.tempos.cli.testbed.Topology.Host;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A running testbed: the namespaces, links and qdiscs of a {@link Topology}, and the processes
 * started in its hosts. {@link #close()} stops those processes and deletes the namespaces,
 * which takes their veth links and qdiscs with them; a shutdown hook does the same when the JVM
 * is interrupted, and {@link #removeLeftovers(boolean)} cleans up after a run that was killed.
 *
 * <p>Thread contract: created, used and closed by one thread; only the shutdown hook may close
 * it concurrently, and {@code close} is idempotent.
 */
final class Testbed implements AutoCloseable {

    private static final long STOP_GRACE_S = 10;

    private final Topology topology;
    private final LinkShaping shaping;
    private final Path logDir;
    private final List<Process> processes = new CopyOnWriteArrayList<>();
    private final Map<String, Process> named = new ConcurrentHashMap<>();
    private final Thread shutdownHook = new Thread(this::close, "testbed-cleanup");
    private boolean closed;

    private Testbed(Topology topology, LinkShaping shaping, Path logDir) {
        this.topology = topology;
        this.shaping = shaping;
        this.logDir = logDir;
    }

    /** Creates the namespaces and links of {@code topology}, shaped by {@code shaping}; process logs go to {@code logDir}. */
    static Testbed create(Topology topology, LinkShaping shaping, Path logDir) throws IOException {
        Testbed testbed = new Testbed(topology, shaping, logDir);
        Runtime.getRuntime().addShutdownHook(testbed.shutdownHook);
        try {
            testbed.build();
        } catch (IOException e) {
            testbed.close();
            throw new IOException("cannot create the testbed (it needs root, or CAP_NET_ADMIN and CAP_SYS_ADMIN, and iproute2): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            testbed.close();
            throw e;
        }
        return testbed;
    }

    private void build() throws IOException {
        String sw = topology.switchNs();
        Iproute.ip("netns", "add", sw);
        Iproute.ip("-n", sw, "link", "set", "lo", "up");
        Iproute.ip("-n", sw, "link", "add", Topology.BRIDGE, "type", "bridge");
        Iproute.ip("-n", sw, "link", "set", Topology.BRIDGE, "up");
        for (Host host : topology.hosts()) {
            Iproute.ip("netns", "add", host.namespace());
            Iproute.ip("-n", host.namespace(), "link", "set", "lo", "up");
            // Created inside the switch namespace with its peer placed in the host's: the root
            // namespace never holds either end, not even for a moment.
            Iproute.ip("-n", sw, "link", "add", host.switchPort(), "type", "veth", "peer", "name", Topology.DEVICE, "netns", host.namespace());
            Iproute.ip("-n", sw, "link", "set", host.switchPort(), "master", Topology.BRIDGE);
            Iproute.ip("-n", sw, "link", "set", host.switchPort(), "up");
            Iproute.ip("-n", host.namespace(), "addr", "add", host.address() + "/24", "dev", Topology.DEVICE);
            Iproute.ip("-n", host.namespace(), "link", "set", Topology.DEVICE, "up");
            for (List<String> command : shaping.commands(Topology.DEVICE)) {
                Iproute.tc(host.namespace(), command);
            }
        }
    }

    Topology topology() {
        return topology;
    }

    LinkShaping shaping() {
        return shaping;
    }

    /** Starts {@code command} in {@code host}'s namespace, its output in {@code <logDir>/<name>.log}. */
    Process start(Host host, String name, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
        full.addAll(command);
        Process process = new ProcessBuilder(full)
                .redirectErrorStream(true)
                .redirectOutput(logDir.resolve(name + ".log").toFile())
                .start();
        processes.add(process);
        named.put(name, process);
        return process;
    }

    /** Like {@link #start} but the process writes to this process's standard output and error. */
    Process startInheritingOutput(Host host, List<String> command) throws IOException {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
        full.addAll(command);
        Process process = new ProcessBuilder(full).inheritIO().start();
        processes.add(process);
        return process;
    }

    /** The processes started with {@link #start}, by the name of their log. */
    Map<String, Process> processes() {
        return Map.copyOf(named);
    }

    Path logDir() {
        return logDir;
    }

    /** The qdisc class counters of every host's link, by host name. */
    Map<String, List<ClassCount>> classCounters() throws IOException {
        Map<String, List<ClassCount>> counters = new LinkedHashMap<>();
        for (Host host : topology.hosts()) {
            counters.put(host.name(), ClassCounters.read(host.namespace(), Topology.DEVICE));
        }
        return counters;
    }

    /** Stops every process started here, then deletes the namespaces (links and qdiscs go with them). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        processes.forEach(Process::destroy);
        for (Process process : processes) {
            stop(process.toHandle());
        }
        removeNamespaces(topology.namespaces());
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }

    /**
     * Deletes testbed namespaces left by runs whose owner process is gone (all testbed
     * namespaces with {@code includeLive}), stopping any process still inside them.
     *
     * @return the namespaces deleted
     */
    static List<String> removeLeftovers(boolean includeLive) throws IOException {
        List<String> doomed = new ArrayList<>();
        for (String line : Iproute.ip("netns", "list").split("\n")) {
            String name = line.strip().split("\\s+")[0];
            long owner = Topology.ownerOf(name);
            boolean ownerAlive = owner > 0 && ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false);
            if (owner > 0 && (includeLive || !ownerAlive) && owner != ProcessHandle.current().pid()) {
                doomed.add(name);
            }
        }
        // Host namespaces before switches, so that no link is left dangling in between.
        doomed.sort((a, b) -> Boolean.compare(a.endsWith("-switch"), b.endsWith("-switch")));
        removeNamespaces(doomed);
        return doomed;
    }

    private static void removeNamespaces(List<String> namespaces) {
        for (String namespace : namespaces) {
            try {
                for (String pid : Iproute.ip("netns", "pids", namespace).split("\\s+")) {
                    if (!pid.isBlank()) {
                        Optional<ProcessHandle> handle = ProcessHandle.of(Long.parseLong(pid));
                        handle.ifPresent(ProcessHandle::destroy);
                        handle.ifPresent(Testbed::stop);
                    }
                }
                Iproute.ip("netns", "del", namespace);
            } catch (IOException e) {
                // Not there (never created, or already gone) is the state we want; anything else is reported.
                if (!e.getMessage().contains("No such file")) {
                    System.err.println("testbed cleanup: " + e.getMessage());
                }
            }
        }
    }

    private static void stop(ProcessHandle process) {
        try {
            process.onExit().get(STOP_GRACE_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            try {
                process.onExit().get(STOP_GRACE_S, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                System.err.println("testbed cleanup: process " + process.pid() + " did not exit after SIGKILL");
            }
        }
    }
}
