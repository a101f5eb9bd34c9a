package io.tempos.cli;

import io.tempos.controller.Controller;
import io.tempos.core.config.Deployment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tempos controller --config FILE}: the control plane as its own process. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = "Runs the controller: pushes the deployment to every component and serves the REST API.")
final class ControllerCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The deployment's TOML file.")
    Path config;

    @Override
    public Integer call() throws Exception {
        Deployment deployment = ConfigOption.load(spec, config);
        CountDownLatch stopped = new CountDownLatch(1);
        try (Controller controller = Controller.start(deployment)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                controller.close();
                stopped.countDown();
            }));
            System.out.println("controller running on http://" + deployment.controller().host() + ":"
                    + deployment.controller().port() + "; stop with Ctrl-C");
            stopped.await();
        }
        return 0;
    }
}
