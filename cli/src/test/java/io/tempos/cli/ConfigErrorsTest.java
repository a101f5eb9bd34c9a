package io.tempos.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A broken deployment file stops every command before anything starts, with every problem named. */
class ConfigErrorsTest {

    @TempDir
    Path dir;

    @Test
    void brokenFileIsAUsageErrorListingEveryProblem() throws Exception {
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, """
                [levels.strict]
                thread-priority = 120
                [brokers.mom]
                management-port = 7510
                ports = { strict = 7501 }
                [topics.doors]
                level = "strict"
                subscribers = ["nobody"]
                """);
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("up", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString())
                .contains("levels.strict.thread-priority: must be an integer in 1..99, got number 120")
                .contains("topics.doors.subscribers: no invoker named 'nobody'");
    }

    @Test
    void invalidTomlNamesTheLine() throws Exception {
        Path file = dir.resolve("broken.toml");
        Files.writeString(file, "name = \"x\"\n[brokers.mom\n");
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("broker", "--config", file.toString(), "--id", "mom");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("not valid TOML").contains("line 2");
    }

    @Test
    void unknownComponentIdNamesTheValidOnes() throws Exception {
        Path file = dir.resolve("ok.toml");
        Files.writeString(file, HotelFixture.toml());
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setErr(new PrintWriter(err)).execute("invoker", "--config", file.toString(), "--id", "ghost");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("no invoker named 'ghost'").contains("[edge]");
    }
}
