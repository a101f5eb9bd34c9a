package io.tempos.cli;

import io.tempos.cli.client.DeployCommand;
import io.tempos.cli.client.InvokeCommand;
import io.tempos.cli.client.ListCommand;
import io.tempos.cli.client.RemoveCommand;
import io.tempos.cli.client.StatusCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tempos} command. */
@Command(name = "tempos", mixinStandardHelpOptions = true, version = "tempos 0.1.0",
        description = "QoS-aware Function-as-a-Service middleware for edge nodes.",
        subcommands = {UpCommand.class, DemoCommand.class, BenchCommand.class, AnalyzeCommand.class, ControllerCommand.class, TsnCommand.class,
                io.tempos.cli.testbed.TestbedCommand.class,
                DeployCommand.class, ListCommand.class, RemoveCommand.class, StatusCommand.class, InvokeCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        for (Role role : Role.values()) {
            cli.addSubcommand(role.command(), new CommandLine(new ComponentCommand(role)));
        }
        return cli;
    }
}
