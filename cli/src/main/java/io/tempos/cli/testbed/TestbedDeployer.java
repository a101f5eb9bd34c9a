package io.tempos.cli.testbed;

import io.tempos.core.config.ConfigException;
import io.tempos.core.config.ConfigLoader;
import io.tempos.core.config.Deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Brings a deployment up on a testbed: writes the deployment file for its hosts and starts each
 * component as its own process in its host — the controller and the broker in the broker host
 * (so the control plane reaches every management port over the testbed's own links), the
 * trigger in the trigger host, one invoker per invoker host.
 */
final class TestbedDeployer {

    private TestbedDeployer() {
    }

    /** Starts every component; returns the deployment file written to {@code dir}. */
    static Path deploy(Testbed testbed, Deployment template, Path dir) throws IOException {
        Topology topology = testbed.topology();
        Path file = dir.resolve("deployment.toml");
        Files.writeString(file, TestbedDeployment.toml(template, topology));
        Deployment deployment;
        try {
            deployment = ConfigLoader.load(file);
        } catch (ConfigException e) {
            throw new IOException("the generated testbed deployment is invalid (a bug): " + e.getMessage(), e);
        }
        String config = file.toString();
        testbed.start(topology.broker(), "controller", JavaCommand.tempos("controller", "--config", config));
        for (String broker : deployment.brokers().keySet()) {
            testbed.start(topology.broker(), "broker-" + broker, JavaCommand.tempos("broker", "--config", config, "--id", broker));
        }
        List<String> invokers = TestbedDeployment.invokerIds(topology);
        for (int i = 0; i < invokers.size(); i++) {
            testbed.start(topology.invokers().get(i), "invoker-" + invokers.get(i),
                    JavaCommand.tempos("invoker", "--config", config, "--id", invokers.get(i)));
        }
        for (String trigger : deployment.triggers().keySet()) {
            testbed.start(topology.trigger(), "trigger-" + trigger, JavaCommand.tempos("trigger", "--config", config, "--id", trigger));
        }
        return file;
    }
}
