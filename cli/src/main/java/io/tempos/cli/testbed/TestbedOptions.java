package io.tempos.cli.testbed;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** What shapes a testbed: the template deployment, the number of invoker hosts, the links' rate. */
final class TestbedOptions {

    @Option(names = {"-c", "--config"}, defaultValue = "examples/hotel/tempos.toml",
            description = "Template deployment: its levels, topics, workflows and ports (default: ${DEFAULT-VALUE}).")
    Path config;

    @Option(names = "--invokers", defaultValue = "1", description = "Invoker hosts (default: ${DEFAULT-VALUE}).")
    int invokers;

    @Option(names = "--link-rate", defaultValue = "20mbit", description = "Rate of every host's link, as tc writes it (default: ${DEFAULT-VALUE}).")
    String linkRate;

    @Option(names = "--work-dir", description = "Where deployment files, process logs and results go (default: a new directory under /tmp).")
    Path workDir;
}
