package io.tempos.cli.testbed;

import picocli.CommandLine;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad options are usage errors (exit 2) that name the option and what would be valid, before any namespace exists. */
class TestbedOptionsTest {

    private static final String TEMPLATE = TestDeployments.repositoryRoot().resolve("examples/hotel/tempos.toml").toString();

    @Test
    void anUnreadableLinkRateIsAUsageError() {
        assertThat(run("run", "--config", TEMPLATE, "--link-rate", "fast"))
                .contains("--link-rate: link rate 'fast' is not <number>bit|kbit|mbit|gbit, e.g. 20mbit");
    }

    @Test
    void anUnknownClassesModeIsAUsageError() {
        assertThat(run("run", "--config", TEMPLATE, "--classes", "maybe"))
                .contains("--classes: 'maybe' is not one of on, off, both");
    }

    @Test
    void aRateForAWorkflowWithoutAFlowNamesTheFlows() {
        assertThat(run("run", "--config", TEMPLATE, "--rate", "sauna=5"))
                .contains("--rate sauna=5: the load profile has no flow for 'sauna'; flows: [door-lock, camera-analytics]");
    }

    @Test
    void tooManyInvokersIsAUsageError() {
        assertThat(run("up", "--config", TEMPLATE, "--invokers", "500"))
                .contains("--invokers: invokers 500 outside 1..200");
    }

    private static String run(String... args) {
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new TestbedCommand()).setErr(new PrintWriter(err)).execute(args);
        assertThat(exit).as(err.toString()).isEqualTo(2);
        return err.toString();
    }
}
