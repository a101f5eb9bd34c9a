package io.tempos.core.testing;

import io.tempos.core.config.ConfigException;
import io.tempos.core.config.ConfigLoader;
import io.tempos.core.config.Deployment;

import java.nio.file.Path;

/**
 * Deployments for tests: one broker {@code mom}, one trigger {@code gate}, one invoker
 * {@code edge}, the built-in levels, topics {@code sq} (strict) and {@code bq} (best-effort)
 * subscribed by {@code edge}, on free loopback ports. Workflows are appended as TOML.
 */
public final class TestDeployments {

    private TestDeployments() {
    }

    /** The TOML of the base deployment, with fresh ports. Append {@code [workflows.…]} tables. */
    public static String baseToml() {
        return """
                name = "test"
                [controller]
                port = %d
                [levels.strict]
                queue-capacity = 64
                [levels.best-effort]
                queue-capacity = 64
                [brokers.mom]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                [triggers.gate]
                broker = "mom"
                management-port = %d
                udp-ports = { strict = %d, best-effort = %d }
                http-ports = { strict = %d, best-effort = %d }
                [invokers.edge]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                [topics.sq]
                level = "strict"
                subscribers = ["edge"]
                [topics.bq]
                level = "best-effort"
                subscribers = ["edge"]
                """.formatted(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
                FreePorts.next(), FreePorts.next(), FreePorts.next());
    }

    /** Parses {@code toml}; relative artifacts resolve against {@code base}. */
    public static Deployment parse(String toml, Path base) {
        try {
            return ConfigLoader.parse(toml, "test.toml", base);
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The repository's root, found from the working directory of a module's tests. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !dir.resolve("examples").toFile().isDirectory()) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
