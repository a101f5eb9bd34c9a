package io.tempos.bench;

import io.tempos.core.config.ConfigException;
import io.tempos.core.config.ConfigLoader;
import io.tempos.core.config.Deployment;
import io.tempos.core.net.LoopbackPorts;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The deployment a benchmark load runs on, generated as TOML on free loopback ports: broker
 * {@code mom}, trigger {@code gate}, invoker {@code edge}, both built-in levels with their
 * default settings but the strict level's {@code wait} (the load's), and per flow of the load a topic and a workflow of the same name running
 * the paper's Algorithm 1 as a warm DLF. Generated as text and loaded by the same loader as a
 * user's file, so the benchmark runs what a user would.
 */
final class BenchDeployment {

    static final String TRIGGER = "gate";

    private BenchDeployment() {
    }

    static Deployment of(BenchLoad load, Path function) throws IOException {
        String toml = toml(load, function);
        try {
            return ConfigLoader.parse(toml, "bench-" + load.name() + ".toml", Path.of("").toAbsolutePath());
        } catch (ConfigException e) {
            throw new IllegalStateException("the generated deployment does not load: " + e.getMessage() + "\n" + toml, e);
        }
    }

    static String toml(BenchLoad load, Path function) throws IOException {
        int[] p = LoopbackPorts.take(10);
        StringBuilder toml = new StringBuilder("""
                name = "bench-%s"
                [controller]
                port = %d
                [brokers.mom]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                [triggers.%s]
                broker = "mom"
                management-port = %d
                udp-ports = { strict = %d, best-effort = %d }
                http-ports = {}
                [invokers.edge]
                management-port = %d
                ports = { strict = %d, best-effort = %d }
                [levels.strict]
                wait = "%s"
                """.formatted(load.name().replaceAll("[^A-Za-z0-9-]", "-"), p[0], p[1], p[2], p[3], TRIGGER, p[4], p[5], p[6], p[7], p[8], p[9],
                Waits.label(load.strictWait())));
        for (BenchLoad.Flow flow : load.flows()) {
            toml.append("""
                    [topics.%1$s]
                    level = "%2$s"
                    subscribers = ["edge"]
                    [workflows.%1$s]
                    level = "%2$s"
                    topic = "%1$s"
                    method = "dlf"
                    artifact = '%3$s'
                    mode = "warm"
                    """.formatted(flow.name(), flow.level(), function.toAbsolutePath()));
        }
        return toml.toString();
    }
}
