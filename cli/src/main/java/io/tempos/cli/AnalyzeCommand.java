package io.tempos.cli;

import io.tempos.bench.EventLogAnalysis;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tempos analyze LOGDIR}: joins the components' event logs of a run by event id. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Joins the event logs that components wrote with --event-log DIR by event id, and prints per workflow "
                + "the latency of every span of the path (every event, exact), the events seen at each point and those "
                + "missing between two points."})
final class AnalyzeCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "LOGDIR", description = "The directory given to --event-log.")
    Path directory;

    @Option(names = "--json", description = "Print the analysis as JSON instead of tables.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "LOGDIR " + directory + ": no such directory");
        }
        EventLogAnalysis.Result result;
        try {
            result = EventLogAnalysis.analyze(directory);
        } catch (IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (json) {
            EventLogAnalysis.writeJson(result, System.out);
        } else {
            EventLogAnalysis.print(result, System.out);
        }
        return 0;
    }
}
