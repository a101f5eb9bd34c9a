package io.tempos.cli;

import io.tempos.core.config.Deployment;
import io.tempos.core.net.TsnPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code tempos tsn plan|apply --config FILE}: the taprio/etf qdiscs of the deployment's TSN
 * windows ({@code [tsn]}, each level's {@code tsn-slot}), printed or run with {@code tc}.
 */
@Command(name = "tsn", mixinStandardHelpOptions = true,
        description = "TSN (IEEE 802.1Qbv) windows of the deployment as taprio/etf qdisc commands.",
        subcommands = {TsnCommand.Plan.class, TsnCommand.Apply.class})
final class TsnCommand {

    /** How long one {@code tc} command may take. */
    private static final long TC_TIMEOUT_S = 10;

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "Prints the tc commands (a shell script).")
    static final class Plan implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-c", "--config"}, required = true, description = "The deployment's TOML file.")
        Path config;

        @Override
        public Integer call() {
            TsnPlan plan = planOf(spec, ConfigOption.load(spec, config));
            spec.commandLine().getOut().print(plan.script());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Runs the tc commands (as root); stops at the first that fails and prints the kernel's answer.")
    static final class Apply implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = {"-c", "--config"}, required = true, description = "The deployment's TOML file.")
        Path config;

        @Override
        public Integer call() throws InterruptedException {
            TsnPlan plan = planOf(spec, ConfigOption.load(spec, config));
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            for (List<String> command : plan.commands()) {
                String line = String.join(" ", command);
                Result result = run(command);
                if (result.exit() != 0) {
                    err.println("tsn apply: `" + line + "` failed (exit " + result.exit() + "): " + result.output().strip());
                    String hint = hintFor(command, result.output());
                    if (hint != null) {
                        err.println("tsn apply: " + hint);
                    }
                    err.flush();
                    return 1;
                }
                out.println("applied: " + line);
            }
            out.flush();
            return 0;
        }
    }

    private TsnCommand() {
    }

    private static TsnPlan planOf(CommandLine.Model.CommandSpec spec, Deployment deployment) {
        try {
            return TsnPlan.of(deployment);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    record Result(int exit, String output) {
    }

    static Result run(List<String> command) throws InterruptedException {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(TC_TIMEOUT_S, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "no answer within " + TC_TIMEOUT_S + " s");
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(127, "cannot run " + command.getFirst() + ": " + e.getMessage()
                    + " (install iproute2, which provides tc)");
        }
    }

    /** What a failure means, for the failures a user will meet; null when the kernel's words say it all. */
    static String hintFor(List<String> command, String output) {
        if (output.contains("qdisc kind is unknown") || output.contains("Unknown qdisc")) {
            String qdisc = command.contains("taprio") ? "taprio" : command.contains("etf") ? "etf" : "this qdisc";
            return "this kernel has no " + qdisc + " qdisc (CONFIG_NET_SCH_" + qdisc.toUpperCase(Locale.ROOT)
                    + "): TSN windows need a kernel with taprio and etf; the level's socket priorities still separate "
                    + "traffic with the qdiscs it has (e.g. htb)";
        }
        if (output.contains("Cannot find device")) {
            return "no network interface '" + command.get(4) + "' here: set [tsn] interface to the TSN-capable link";
        }
        if (output.contains("Operation not permitted")) {
            return "changing qdiscs needs root (CAP_NET_ADMIN)";
        }
        return null;
    }
}
