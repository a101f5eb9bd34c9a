package io.tempos.cli.testbed;

import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** What {@code up} and {@code run} share: option checks, the work directory, waiting for a deployment to be ready. */
final class Runs {

    private static final long READY_LIMIT_S = 120;

    private Runs() {
    }

    static LinkShaping shaping(CommandLine.Model.CommandSpec spec, String rate, boolean classes) {
        try {
            return new LinkShaping(LinkShaping.parseRate(rate), classes);
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--link-rate: " + e.getMessage());
        }
    }

    static Topology topology(CommandLine.Model.CommandSpec spec, int invokers) {
        try {
            return Topology.of(ProcessHandle.current().pid(), invokers);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--invokers: " + e.getMessage());
        }
    }

    static Path workDir(Path requested) throws IOException {
        if (requested == null) {
            return Files.createTempDirectory("tempos-testbed-");
        }
        return Files.createDirectories(requested);
    }

    /** Waits, from inside the trigger host, until the controller has configured every component. */
    static void awaitReady(Testbed testbed, Path deploymentFile, Path dir) throws IOException, InterruptedException {
        Process ready = testbed.start(testbed.topology().trigger(), "ready",
                JavaCommand.tempos("testbed", "ready", "--config", deploymentFile.toString(), "--timeout", Long.toString(READY_LIMIT_S - 10)));
        if (!ready.waitFor(READY_LIMIT_S, TimeUnit.SECONDS)) {
            ready.destroyForcibly();
        }
        if (ready.isAlive() || ready.exitValue() != 0) {
            throw new IOException("the testbed's components did not become ready: " + Files.readString(dir.resolve("ready.log")).strip()
                    + " (component logs in " + dir + ")");
        }
    }
}
