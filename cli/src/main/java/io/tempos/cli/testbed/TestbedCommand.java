package io.tempos.cli.testbed;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tempos testbed up|run|down}: the deployment on emulated hosts — Linux network
 * namespaces joined through a bridge by veth links shaped with htb, one traffic class per QoS
 * level. Needs root (or CAP_NET_ADMIN and CAP_SYS_ADMIN) and iproute2. See docs/testbed.md.
 */
@Command(name = "testbed", mixinStandardHelpOptions = true,
        description = "Runs the deployment across emulated hosts (network namespaces, shaped veth links, htb classes per QoS level).",
        subcommands = {UpCommand.class, RunCommand.class, DownCommand.class, ReadyCommand.class, LoadCommand.class,
                CommandLine.HelpCommand.class})
public final class TestbedCommand {
}
