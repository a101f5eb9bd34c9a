package io.tempos.cli.testbed;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code tempos testbed down}: removes what testbeds left behind — namespaces named
 * {@code tempos-tb-<pid>-…} whose owner process is gone, with the processes still in them and
 * their links and qdiscs. {@code --all} also stops testbeds whose owner still runs.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Removes leftover testbed namespaces (and their processes, links, qdiscs) of runs that were killed.")
final class DownCommand implements Callable<Integer> {

    @Option(names = "--all", description = "Also remove testbeds whose owner process is still running.")
    boolean all;

    @Override
    public Integer call() throws Exception {
        List<String> removed = Testbed.removeLeftovers(all);
        System.out.println(removed.isEmpty() ? "no testbed namespaces to remove" : "removed " + String.join(", ", removed));
        return 0;
    }
}
