package io.tempos.invoker;

import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.Isolation;
import io.tempos.core.config.ProcessLimits;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How to start one function's processes, fixed at configure time: the program and its
 * arguments, wrapped by what the workflow asks for, and the scheduling of its QoS level.
 *
 * <ul>
 *   <li>Resource limits: {@code prlimit --as=… --cpu=… --nofile=… --} (util-linux) in front, which
 *       sets them and execs the rest, so they hold from the program's first instruction. The
 *       cost is one more exec per process; a workflow without limits does not pay it.</li>
 *   <li>{@code bwrap}: a read-only view of the host's file system, fresh /dev, /proc and /tmp, no
 *       network and its own PID namespace; it dies with its parent (the group kill reaches it).</li>
 *   <li>{@code container}: {@code docker|podman run --rm -i --network none} with the artifact's
 *       directory mounted read-only at the same path; limits become the engine's own flags.</li>
 *   <li>Scheduling: a real-time level's policy and priority go into posix_spawn's attributes;
 *       a nice value and a CPU set are applied to the new process right after it starts.</li>
 * </ul>
 * Immutable; its native strings live as long as it does.
 */
final class ProcessCommand {

    private static final AtomicLong CONTAINER_NAMES = new AtomicLong();

    private final List<String> argv;
    private final boolean container;
    private final String engine;
    private final Arena arena = Arena.ofAuto();
    private final MemorySegment path;
    private final MemorySegment argvSegment;
    private final MemorySegment envp;
    private final int schedPolicy;
    private final int schedPriority;
    private final int nice;
    private final List<Integer> cpus;

    private ProcessCommand(List<String> argv, String engine, QosLevel level) {
        this.argv = List.copyOf(argv);
        this.engine = engine;
        this.container = engine != null;
        this.path = arena.allocateFrom(argv.getFirst());
        this.argvSegment = Posix.cStringArray(arena, argv);
        List<String> environment = new ArrayList<>();
        System.getenv().forEach((k, v) -> environment.add(k + "=" + v));
        this.envp = Posix.cStringArray(arena, environment);
        boolean realTime = level != null && level.threadPolicy().isRealTime();
        this.schedPolicy = realTime ? level.threadPolicy().linuxConstant() : -1;
        this.schedPriority = realTime ? level.threadPriority() : 0;
        this.nice = level != null && !realTime ? level.threadPriority() : 0;
        this.cpus = level == null ? List.of() : level.cpus();
    }

    /**
     * The command for {@code program} (its path first, then its arguments) as {@code function}
     * wants it run, with {@code level}'s scheduling.
     *
     * @param level null for the invoker's own scheduling (tests)
     * @throws IllegalArgumentException naming what is missing: the program, prlimit, bwrap, or a
     *                                  container engine that answers
     */
    static ProcessCommand of(FunctionSpec function, List<String> program, QosLevel level) {
        Path executable = Path.of(program.getFirst());
        if (!Files.isRegularFile(executable)) {
            throw new IllegalArgumentException("no program at " + executable);
        }
        if (!Files.isExecutable(executable)) {
            throw new IllegalArgumentException(executable + " is not executable (chmod +x it; a script needs a #! line)");
        }
        ProcessLimits limits = function.limits();
        List<String> argv = new ArrayList<>();
        if (function.isolation() == Isolation.CONTAINER) {
            String engine = containerEngine();
            argv.add(engine);
            argv.addAll(List.of("run", "--rm", "-i", "--init", "--network", "none"));
            String dir = executable.toAbsolutePath().getParent().toString();
            argv.addAll(List.of("-v", dir + ":" + dir + ":ro"));
            if (limits.maxMemoryMb() > 0) {
                argv.add("--memory=" + limits.maxMemoryMb() + "m");
            }
            if (limits.maxCpuSeconds() > 0) {
                argv.add("--ulimit=cpu=" + limits.maxCpuSeconds());
            }
            if (limits.maxOpenFiles() > 0) {
                argv.add("--ulimit=nofile=" + limits.maxOpenFiles());
            }
            argv.add(function.containerImage());
            argv.addAll(program);
            return new ProcessCommand(argv, engine, level);
        }
        if (limits.any()) {
            argv.add(onPath("prlimit").orElseThrow(() -> new IllegalArgumentException(
                    "resource limits need util-linux's prlimit, which is not on the PATH (apt-get install util-linux)")));
            if (limits.maxMemoryMb() > 0) {
                argv.add("--as=" + limits.maxMemoryMb() * 1024 * 1024);
            }
            if (limits.maxCpuSeconds() > 0) {
                argv.add("--cpu=" + limits.maxCpuSeconds());
            }
            if (limits.maxOpenFiles() > 0) {
                argv.add("--nofile=" + limits.maxOpenFiles());
            }
            argv.add("--");
        }
        if (function.isolation() == Isolation.BWRAP) {
            argv.add(onPath("bwrap").orElseThrow(() -> new IllegalArgumentException(
                    "isolation = \"bwrap\" needs bubblewrap, which is not on the PATH (apt-get install bubblewrap)")));
            argv.addAll(List.of("--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp"));
            // The empty /tmp would hide a program or script kept below /tmp: bind their folders back, read-only.
            for (String arg : program) {
                Path file = Path.of(arg);
                if (file.isAbsolute() && file.startsWith("/tmp") && Files.exists(file)) {
                    String folder = file.getParent().toString();
                    argv.addAll(List.of("--ro-bind", folder, folder));
                }
            }
            argv.addAll(List.of("--unshare-all", "--die-with-parent", "--"));
        }
        argv.addAll(program);
        return new ProcessCommand(argv, null, level);
    }

    /** A command without wrappers or scheduling: for tests and tools. */
    static ProcessCommand plain(List<String> argv) {
        return new ProcessCommand(argv, null, null);
    }

    MemorySegment path() {
        return path;
    }

    /**
     * The argument vector of one start. A container gets a name of its own each time, so that
     * {@link #stopContainer} can reach it: killing the engine's client does not stop it.
     */
    MemorySegment argv(Arena callArena, String[] containerName) {
        if (!container) {
            return argvSegment;
        }
        String name = "tempos-" + ProcessHandle.current().pid() + "-" + CONTAINER_NAMES.incrementAndGet();
        containerName[0] = name;
        List<String> named = new ArrayList<>(argv.subList(0, 2));
        named.add("--name=" + name);
        named.addAll(argv.subList(2, argv.size()));
        return Posix.cStringArray(callArena, named);
    }

    /** Asks the engine to kill a container that outlived its client; does not wait. */
    void stopContainer(String name) {
        Thread.ofVirtual().start(() -> {
            try {
                Process kill = new ProcessBuilder(engine, "kill", name).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                kill.waitFor(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                // The container stops by itself once its stdin is closed, if its program reads it.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    MemorySegment envp() {
        return envp;
    }

    /** Linux policy for posix_spawn, or -1 to inherit. */
    int schedPolicy() {
        return schedPolicy;
    }

    int schedPriority() {
        return schedPriority;
    }

    /** Nice value to give the process after it starts (0: leave it). */
    int nice() {
        return nice;
    }

    List<Integer> cpus() {
        return cpus;
    }

    @Override
    public String toString() {
        return String.join(" ", argv);
    }

    /** The first executable named {@code name} on the PATH. */
    static Optional<String> onPath(String name) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The first container engine CLI on the PATH whose engine answers {@code info}.
     *
     * @throws IllegalArgumentException when none is installed, or the installed one's engine
     *                                  (daemon) cannot be reached, with what it said
     */
    private static String containerEngine() {
        List<String> problems = new ArrayList<>();
        for (String name : List.of("docker", "podman")) {
            Optional<String> cli = onPath(name);
            if (cli.isEmpty()) {
                continue;
            }
            try {
                Process info = new ProcessBuilder(cli.get(), "info", "--format", "{{.ServerVersion}}")
                        .redirectErrorStream(true).start();
                byte[] said = info.getInputStream().readNBytes(2048);
                if (!info.waitFor(15, TimeUnit.SECONDS)) {
                    info.destroyForcibly();
                    problems.add(name + " info did not answer in 15 s");
                } else if (info.exitValue() == 0) {
                    return cli.get();
                } else {
                    problems.add(name + " is installed but its engine does not answer (`" + name + " info`: "
                            + new String(said, StandardCharsets.UTF_8).strip().replace('\n', ' ') + ")");
                }
            } catch (IOException e) {
                problems.add(name + " cannot be run: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException("interrupted while asking " + name + " for its engine");
            }
        }
        if (problems.isEmpty()) {
            problems.add("no container engine CLI (docker or podman) on the PATH");
        }
        throw new IllegalArgumentException("isolation = \"container\" is not available here: " + String.join("; ", problems)
                + "; start the engine, or use isolation = \"process\" or \"bwrap\"");
    }
}
