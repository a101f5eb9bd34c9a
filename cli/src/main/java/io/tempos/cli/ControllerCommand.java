package io.tempos.cli;

import io.tempos.controller.Controller;
import io.tempos.core.config.Deployment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tempos controller --config FILE}: the control plane as its own process. */
@Command(name = "controller", mixinStandardHelpOptions = true,
        description = {"Runs the controller: pushes the deployment to every component and serves the REST API.",
                "Changes made through the API are saved in [controller] state-dir (default .tempos beside FILE); started "
                + "again, the controller runs the saved topics and workflows rather than FILE's."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped", "1:cannot start (address in use, corrupt state file, unreadable token file)", "2:usage error"})
final class ControllerCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The deployment's TOML file.")
    Path config;

    @Option(names = "--reset-state", description = "Start from FILE's topics and workflows; the saved model is kept beside as a .bak file.")
    boolean resetState;

    @Override
    public Integer call() throws Exception {
        Deployment deployment = ConfigOption.load(spec, config);
        CountDownLatch stopped = new CountDownLatch(1);
        Controller started;
        try {
            started = Controller.builder(deployment).persistent().resetState(resetState).start();
        } catch (IOException e) {
            spec.commandLine().getErr().println("tempos controller: " + e.getMessage());
            return 1;
        }
        try (Controller controller = started) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                controller.close();
                stopped.countDown();
            }));
            System.out.println("controller running on http://" + deployment.controller().host() + ":"
                    + deployment.controller().port() + " (state in " + deployment.controller().stateDir() + "); stop with Ctrl-C");
            stopped.await();
        }
        return 0;
    }
}
