package io.tempos.cli.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs iproute2's {@code ip} and {@code tc}, turning a failure into an error that shows the command and what it said. */
final class Iproute {

    private static final long TIMEOUT_S = 20;

    private Iproute() {
    }

    /** {@code ip ARGS}: its standard output, or an IOException naming the command and its error output. */
    static String ip(String... args) throws IOException {
        return run("ip", List.of(args));
    }

    /** {@code tc -n NAMESPACE ARGS}. */
    static String tc(String namespace, List<String> args) throws IOException {
        List<String> all = new ArrayList<>(List.of("-n", namespace));
        all.addAll(args);
        return run("tc", all);
    }

    /** Whether {@code ip netns} works here: the tool is installed and this process may use it. */
    static boolean netnsAvailable() {
        try {
            ip("netns", "list");
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String run(String tool, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(tool);
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run '" + tool + "' (iproute2): " + e.getMessage() + "; install it, e.g. apt-get install iproute2", e);
        }
        // Read before waiting: output larger than the pipe buffer would otherwise block the tool.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("'" + String.join(" ", command) + "' did not finish in " + TIMEOUT_S + " s");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running '" + String.join(" ", command) + "'", e);
        }
        if (process.exitValue() != 0) {
            throw new IOException("'" + String.join(" ", command) + "' failed (exit " + process.exitValue() + "): " + output.strip());
        }
        return output;
    }
}
