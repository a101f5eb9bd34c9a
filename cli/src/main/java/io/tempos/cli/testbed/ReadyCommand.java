package io.tempos.cli.testbed;

import io.tempos.cli.ConfigOption;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code tempos testbed ready} (hidden): waits inside a testbed host until every component of the deployment is configured. */
@Command(name = "ready", hidden = true, mixinStandardHelpOptions = true,
        description = "Waits until every component of the deployment reports that it is configured (used by `testbed up`).")
final class ReadyCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, description = "The deployment file.")
    Path config;

    @Option(names = "--timeout", defaultValue = "90", description = "Seconds to wait (default: ${DEFAULT-VALUE}).")
    int timeoutS;

    @Override
    public Integer call() throws Exception {
        new ManagementClient(ConfigOption.load(spec, config)).awaitConfigured(Duration.ofSeconds(timeoutS));
        return 0;
    }
}
