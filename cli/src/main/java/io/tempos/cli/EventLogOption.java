package io.tempos.cli;

import io.tempos.core.eventlog.EventLogs;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --event-log DIR}, shared by the commands that start components: each component then
 * writes every event it sees to {@code DIR/<component>.events}, for {@code tempos analyze DIR}.
 */
final class EventLogOption {

    @Option(names = "--event-log", paramLabel = "DIR",
            description = "Log every event each component sees (id, hop stamps, workflow, outcome) to DIR/<component>.events, "
                    + "written off the hot path; analyse with: tempos analyze DIR.")
    Path directory;

    /** Turns the event logs on for the components this process starts next, when asked for. */
    void apply() {
        if (directory != null) {
            EventLogs.directory(directory);
        }
    }
}
