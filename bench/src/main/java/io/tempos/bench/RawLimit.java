package io.tempos.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.api.Function;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The machine's raw limits for Algorithm 1, measured in the same run as the methods: the C ones
 * by {@code bench/target/baselines} (src/main/c/baselines.c), which prints its result as JSON;
 * the plain Java call in this JVM.
 */
final class RawLimit {

    static final String C_PLAIN_CALL = "c-plain-call";
    static final String C_CACHED_POINTER = "c-cached-pointer";
    static final String C_DLOPEN_LOOP = "c-dlopen-loop";
    static final String JAVA_PLAIN_CALL = "java-plain-call";
    static final String POSIX_SPAWN_C = "posix-spawn-c";
    static final String POSIX_SPAWN_RUST = "posix-spawn-rust";
    static final String RAW_SPAWN_PYTHON = "raw-spawn-python";
    static final String RAW_SPAWN_NODE = "raw-spawn-node";

    private final Path program;
    private final Path functions;
    private final Path event;

    /**
     * @param program   the C baselines program
     * @param functions the functions directory (artifacts under {@code algorithm1-*}/target)
     * @param event     the event every call gets
     */
    RawLimit(Path program, Path functions, Path event) {
        this.program = program;
        this.functions = functions;
        this.event = event;
    }

    /** Measures {@code name} for {@code seconds}. @throws IOException naming the baseline and why it failed */
    ProcessingResults.Baseline measure(String name, int seconds) throws IOException, InterruptedException {
        Path c = functions.resolve("algorithm1-c/target");
        return switch (name) {
            case C_PLAIN_CALL -> c(name, "Algorithm 1 linked into a C program, called in a loop", seconds, "plain");
            case C_CACHED_POINTER -> c(name, "C: dlopen + dlsym once, then the cached pointer called in a loop", seconds, "cached",
                    c.resolve("libalgorithm1.so").toString());
            case C_DLOPEN_LOOP -> c(name, "C: dlopen + dlsym + call + dlclose per call", seconds, "dlopen", c.resolve("libalgorithm1.so").toString());
            case POSIX_SPAWN_C -> c(name, "C: posix_spawn + event on a pipe + waitpid of algorithm1-c/target/algorithm1", seconds, "spawn",
                    c.resolve("algorithm1").toString());
            case POSIX_SPAWN_RUST -> c(name, "C: posix_spawn + event on a pipe + waitpid of algorithm1-rust/target/algorithm1", seconds,
                    "spawn", functions.resolve("algorithm1-rust/target/algorithm1").toString());
            case RAW_SPAWN_PYTHON -> c(name, "C: posix_spawn + waitpid of the Python script (python3 -S) with the event on a pipe", seconds,
                    "spawn", functions.resolve("algorithm1-python/target/algorithm1.py").toString());
            case RAW_SPAWN_NODE -> c(name, "C: posix_spawn + waitpid of the Node.js script with the event on a pipe", seconds, "spawn",
                    functions.resolve("algorithm1-node/target/algorithm1.js").toString());
            case JAVA_PLAIN_CALL -> javaCall(seconds);
            default -> throw new IllegalArgumentException("no raw limit named '" + name + "'");
        };
    }

    private ProcessingResults.Baseline c(String name, String description, int seconds, String mode, String... target)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program.toAbsolutePath().toString(), mode, Integer.toString(seconds),
                event.toAbsolutePath().toString()));
        for (String t : target) {
            command.add(Path.of(t).toAbsolutePath().normalize().toString());
        }
        // Output to files, not pipes: the time limit below then holds whatever the program writes, and a
        // program that fills one pipe while we read the other cannot block both of us.
        Path stdoutFile = Files.createTempFile("tempos-baseline-", ".json");
        Path stderrFile = Files.createTempFile("tempos-baseline-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(stdoutFile.toFile()).redirectError(stderrFile.toFile()).start();
            boolean ended = process.waitFor(seconds + 60L, TimeUnit.SECONDS);
            if (!ended) {
                process.destroyForcibly();
            }
            if (!ended || process.exitValue() != 0) {
                throw new IOException("baseline " + name + " (" + String.join(" ", command) + ") "
                        + (ended ? "failed" : "ran past " + (seconds + 60) + " s") + ": " + Files.readString(stderrFile, StandardCharsets.UTF_8).strip());
            }
            return parse(name, description, Files.readAllBytes(stdoutFile));
        } finally {
            Files.deleteIfExists(stdoutFile);
            Files.deleteIfExists(stderrFile);
        }
    }

    private static ProcessingResults.Baseline parse(String name, String description, byte[] stdout) throws IOException {
        JsonNode json = DeliveryResults.JSON.readTree(stdout);
        JsonNode exec = json.path("exec_us");
        return new ProcessingResults.Baseline(name, description, json.path("invocations").asLong(), json.path("seconds").asDouble(),
                json.path("per_s").asDouble(), new ProcessingResults.Exec(exec.path("p50").asDouble(), exec.path("p99").asDouble(),
                exec.path("mean").asDouble()));
    }

    /** Algorithm 1's Java class from the function's jar, called in a loop on this thread: no invoker code. */
    private ProcessingResults.Baseline javaCall(int seconds) throws IOException {
        Path jar = functions.resolve("algorithm1-java/target/algorithm1.jar").toAbsolutePath().normalize();
        byte[] payload = Files.readAllBytes(event);
        try (URLClassLoader loader = new URLClassLoader(new URL[]{jar.toUri().toURL()}, Function.class.getClassLoader())) {
            Function function = (Function) Class.forName(ProcessingSubject.JAVA_ENTRY, true, loader).getConstructor().newInstance();
            InvocationLoop.Timed timed = InvocationLoop.timeJava(function, payload, seconds);
            return new ProcessingResults.Baseline(JAVA_PLAIN_CALL, "Algorithm 1's Java class called in a loop in this JVM",
                    timed.invocations(), timed.seconds(), timed.perS(), timed.exec());
        } catch (ReflectiveOperationException e) {
            throw new IOException("baseline " + JAVA_PLAIN_CALL + ": cannot instantiate " + ProcessingSubject.JAVA_ENTRY + " from " + jar + ": " + e);
        }
    }
}
