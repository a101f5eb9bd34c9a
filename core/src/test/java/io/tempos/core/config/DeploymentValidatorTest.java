package io.tempos.core.config;

import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks across tables: references between components, topics, workflows and levels; ports; artifacts. */
class DeploymentValidatorTest {

    @TempDir
    Path dir;

    private Path jar;

    private String base;

    @org.junit.jupiter.api.BeforeEach
    void setUp() throws IOException {
        jar = Files.createFile(dir.resolve("f.jar"));
        base = TestDeployments.baseToml();
    }

    @Test
    void anyChannelNameLoadsTheAdaptersAreCheckedWhenAComponentStarts() {
        Deployment d = TestDeployments.parse(base + "[levels.gold]\nchannel = \"tcp\"\n", dir);
        assertThat(d.levels().get("gold").channel()).isEqualTo("tcp");
    }

    @Test
    void aUdsLevelListensOnSocketPathsInsteadOfPorts() {
        String toml = base.replace("[levels.strict]\n", "[levels.strict]\nchannel = \"uds\"\nsocket-priority = 0\n")
                .replace("[brokers.mom]\n", "[brokers.mom]\nsocket-paths = { strict = \"/run/tempos/mom-strict.sock\" }\n")
                .replace("[invokers.edge]\n", "[invokers.edge]\nsocket-paths = { strict = \"/run/tempos/edge-strict.sock\" }\n")
                .replaceAll("ports = \\{ strict = \\d+, best-effort = (\\d+) }", "ports = { best-effort = $1 }");
        Deployment d = TestDeployments.parse(toml, dir);

        assertThat(DeploymentValidator.validate(d)).isEmpty();
        assertThat(d.brokers().get("mom").levels()).containsExactly("best-effort", "strict");
        assertThat(d.invokers().get("edge").socketPaths()).containsEntry("strict", "/run/tempos/edge-strict.sock");
    }

    @Test
    void aSocketPathIsAbsoluteUniqueAndNotBesideAPortOfTheSameLevel() {
        String toml = base
                .replace("[brokers.mom]\n", "[brokers.mom]\nsocket-paths = { strict = \"/run/tempos/s.sock\", best-effort = \"relative.sock\" }\n")
                .replace("[invokers.edge]\n", "[invokers.edge]\nsocket-paths = { gold = \"/run/tempos/s.sock\" }\n");
        assertThat(problems(toml)).contains(
                "brokers.mom.socket-paths.best-effort: 'relative.sock' must be an absolute path, e.g. /run/tempos/best-effort.sock",
                "brokers.mom.socket-paths.strict: level 'strict' has a port in ports too; give a level a port (udp, tcp, tsn) or a socket path (uds), not both");
        String clash = base.replace("[invokers.edge]\n", "[invokers.edge]\nsocket-paths = { gold = \"/run/tempos/s.sock\" }\n")
                .replace("[brokers.mom]\n", "[brokers.mom]\nsocket-paths = { gold = \"/run/tempos/s.sock\" }\n");
        assertThat(problems(clash)).contains(
                "invokers.edge.socket-paths.gold: no level named 'gold'; levels: [strict, best-effort]",
                "invokers.edge.socket-paths.gold: socket /run/tempos/s.sock is already used by brokers.mom.socket-paths.gold");
    }

    @Test
    void aTriggerMustNameAnExistingBroker() {
        assertThat(problems(base.replace("broker = \"mom\"", "broker = \"nobody\"")))
                .containsExactly("triggers.gate.broker: no broker named 'nobody'; brokers: [mom]");
    }

    @Test
    void aTopicMustNameAnExistingLevel() {
        assertThat(problems(base + """
                [topics.gold]
                level = "gold"
                subscribers = ["edge"]
                """)).containsExactly("topics.gold.level: no level named 'gold'; levels: [strict, best-effort]");
    }

    @Test
    void aTopicMustNameExistingInvokers() {
        assertThat(problems(base + """
                [topics.t]
                level = "strict"
                subscribers = ["edge", "ghost"]
                """)).containsExactly("topics.t.subscribers: no invoker named 'ghost'; invokers: [edge]");
    }

    @Test
    void aTopicNeedsTheLevelsPortOnTheBrokerAndOnEverySubscriber() {
        assertThat(problems(minimalWithLevelGold() + """
                [topics.t]
                level = "gold"
                subscribers = ["edge"]
                """)).containsExactly(
                "brokers.mom.ports.gold: missing; topic 't' needs the level's ingress port (or socket-paths.gold on a uds channel)",
                "invokers.edge.ports.gold: missing; topic 't' delivers to it on that level (or socket-paths.gold on a uds channel)");
    }

    @Test
    void aWorkflowMustNameAnExistingTopicAndLevel() {
        assertThat(problems(base + workflow("w", "gold", "nope"))).containsExactly(
                "workflows.w.level: no level named 'gold'; levels: [strict, best-effort]",
                "workflows.w.topic: no topic named 'nope'; topics: [sq, bq]");
    }

    @Test
    void aWorkflowHasTheLevelOfItsTopic() {
        assertThat(problems(base + workflow("w", "best-effort", "sq"))).containsExactly(
                "workflows.w.level: 'best-effort' differs from the level 'strict' of its topic 'sq'; a topic carries one level");
    }

    @Test
    void twoEndpointsOnOneHostCannotShareAPort() {
        String clash = base.replaceFirst("(\\[invokers.edge]\\nmanagement-port = )\\d+", "$1" + port(base, "brokers.mom", "management-port"));

        assertThat(problems(clash)).containsExactly("invokers.edge.management-port: port %d on 127.0.0.1 is already used by brokers.mom.management-port"
                .formatted(port(base, "brokers.mom", "management-port")));
    }

    @Test
    void aLevelPortMayNotClashWithTheControllerEither() {
        int controllerPort = FreePorts.next();
        String toml = """
                [controller]
                port = %d
                [brokers.mom]
                management-port = %d
                ports = { strict = %d }
                """.formatted(controllerPort, FreePorts.next(), controllerPort);

        assertThat(problems(toml)).containsExactly(
                "brokers.mom.ports.strict: port %d on 127.0.0.1 is already used by controller.port".formatted(controllerPort));
    }

    @Test
    void theSamePortOnDifferentHostsIsNoClash() {
        int port = FreePorts.next();
        String toml = """
                [brokers.mom]
                host = "127.0.0.1"
                management-port = %d
                ports = {}
                [invokers.edge]
                host = "127.0.0.2"
                management-port = %d
                ports = {}
                """.formatted(port, port);

        assertThat(DeploymentValidator.validate(TestDeployments.parse(toml, dir))).isEmpty();
    }

    @Test
    void aPortForAnUnknownLevelIsNamed() {
        String toml = """
                [brokers.mom]
                management-port = %d
                ports = { platinum = %d }
                """.formatted(FreePorts.next(), FreePorts.next());

        assertThat(problems(toml)).containsExactly("brokers.mom.ports.platinum: no level named 'platinum'; levels: [strict, best-effort]");
    }

    @Test
    void aMissingArtifactIsNamedWithItsPathAndABuildHintForBuildOutput() {
        assertThat(problems(base + """
                [workflows.a]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "nothing-here.so"
                [workflows.b]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "functions/x/target/libx.so"
                """)).containsExactly(
                "workflows.a.artifact: no file at " + dir.resolve("nothing-here.so"),
                "workflows.b.artifact: no file at " + dir.resolve("functions/x/target/libx.so") + " (build it first: ./tempos build)");
    }

    @Test
    void aDirectoryIsNoArtifact() throws IOException {
        Files.createDirectory(dir.resolve("lib.so"));

        assertThat(problems(base + workflow("w", "strict", "sq").replace("f.jar", "lib.so")))
                .containsExactly("workflows.w.artifact: no file at " + dir.resolve("lib.so"));
    }

    @Test
    void aJvmWorkflowNeedsItsEntryClass() {
        assertThat(problems(base + workflow("w", "strict", "sq").replace("entry = \"x.F\"\n", ""))).containsExactly(
                "workflows.w.entry: the class implementing io.tempos.api.Function is required for method jvm");
    }

    /** The controller validates one proposed workflow against the running deployment. */
    @Test
    void validatesAProposedWorkflowAgainstADeployment() {
        Deployment running = TestDeployments.parse(base, dir);
        FunctionSpec function = new FunctionSpec(InvocationMethod.JVM, jar.toString(), "x.F", true, 1000);

        assertThat(DeploymentValidator.validateWorkflow(running, new WorkflowSpec("ok", "strict", "sq", function))).isEmpty();
        assertThat(DeploymentValidator.validateWorkflow(running, new WorkflowSpec("not ok!", "strict", "bq", function))).containsExactly(
                "workflows.not ok!: invalid name: use 1..64 letters, digits, '-' or '_'",
                "workflows.not ok!.level: 'strict' differs from the level 'best-effort' of its topic 'bq'; a topic carries one level");
        assertThat(DeploymentValidator.validateWorkflow(running, new WorkflowSpec("w", "strict", "sq", null)))
                .containsExactly("workflows.w.method: missing; one of dlf, jvm, wasmf, fspawn");
    }

    @Test
    void aValidDeploymentWithWorkflowsHasNoProblems() {
        Deployment d = TestDeployments.parse(base + workflow("w", "strict", "sq") + workflow("v", "best-effort", "bq"), dir);

        assertThat(DeploymentValidator.validate(d)).isEmpty();
        assertThat(d.workflows().keySet()).containsExactly("w", "v");
    }

    private List<String> problems(String toml) {
        return ConfigProblems.of(toml, dir);
    }

    private static String workflow(String name, String level, String topic) {
        return """
                [workflows.%s]
                level = "%s"
                topic = "%s"
                method = "jvm"
                artifact = "f.jar"
                entry = "x.F"
                """.formatted(name, level, topic);
    }

    private static String minimalWithLevelGold() {
        return """
                [levels.gold]
                queue-capacity = 8
                [brokers.mom]
                management-port = %d
                ports = {}
                [invokers.edge]
                management-port = %d
                ports = {}
                """.formatted(FreePorts.next(), FreePorts.next());
    }

    /** The value of {@code key} in the table {@code table} of generated TOML. */
    private static int port(String toml, String table, String key) {
        String section = toml.substring(toml.indexOf("[" + table + "]"));
        String line = section.lines().filter(l -> l.startsWith(key + " = ")).findFirst().orElseThrow();
        return Integer.parseInt(line.substring(line.indexOf('=') + 1).trim());
    }
}
