package io.tempos.cli;

import io.tempos.bench.LocalDeployment;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentJson;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The client commands ({@code deploy, ls, rm, status, invoke}) run in-process through picocli
 * against a real deployment in this JVM: controller, broker, trigger and invoker on loopback,
 * running the example C function. Exit codes and {@code --json} output are what scripts see.
 */
@Timeout(120)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientCommandsTest {

    private static final String TOKEN = "cli-test-token";
    private static final String EVENT = "{\"message\":\"door door door\",\"pattern\":\"door\"}";

    @TempDir
    static Path dir;

    private Deployment deployment;
    private LocalDeployment local;
    private String controllerUrl;

    /** What one command printed and returned. */
    record Run(int exit, String out, String err) {
        JsonNode json() {
            try {
                return DeploymentJson.MAPPER.readTree(out);
            } catch (IOException e) {
                throw new AssertionError("not JSON on standard output: " + out + "\nstderr: " + err, e);
            }
        }
    }

    /** One deployment for the class (starting one per test costs seconds); each test starts from its base model. */
    @BeforeAll
    void startDeployment() throws Exception {
        deployment = TestDeployments.parse(TestDeployments.baseToml(), dir);
        local = LocalDeployment.start(deployment, controller -> controller.token(TOKEN));
        controllerUrl = "http://127.0.0.1:" + deployment.controller().port();
        Path functions = Files.createDirectories(dir.resolve("deploy/fn"));
        Files.copy(HotelFixture.LIBRARY, functions.resolve("libalgorithm1.so"));
        Files.writeString(dir.resolve("deploy/workflows.toml"), """
                # Relative artifacts resolve against this file's directory.
                [topics.doors]
                level = "strict"
                subscribers = ["edge"]

                [workflows.door]
                level = "strict"
                topic = "doors"
                method = "dlf"
                artifact = "fn/libalgorithm1.so"

                [workflows.report]
                level = "best-effort"
                topic = "bq"
                method = "dlf"
                artifact = "fn/libalgorithm1.so"
                mode = "cold"
                """);
    }

    /** Back to the base model: no workflows, the base topics; through the commands themselves. */
    @BeforeEach
    void resetModel() {
        Deployment current = local.controller().deployment();
        if (!current.workflows().isEmpty()) {
            Run removed = client("rm", current.workflows().keySet().toArray(String[]::new));
            assertThat(removed.exit()).as(removed.err()).isZero();
        }
        assertThat(local.controller().deployment().workflows()).isEmpty();
        for (String topic : current.topics().keySet()) {
            if (!deployment.topics().containsKey(topic)) {
                try (var http = java.net.http.HttpClient.newHttpClient()) {
                    int status = http.send(java.net.http.HttpRequest.newBuilder(URI.create(controllerUrl + "/topics/" + topic))
                            .header("Authorization", "Bearer " + TOKEN).DELETE().build(),
                            java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                    assertThat(status).isEqualTo(204);
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertThat(local.controller().deployment()).isEqualTo(deployment);
    }

    @AfterAll
    void stopDeployment() {
        local.close();
    }

    private Run tempos(String... args) {
        CommandLine cli = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@code tempos COMMAND --controller URL --token TOKEN ARGS…}. */
    private Run client(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--controller", controllerUrl, "--token", TOKEN));
        all.addAll(List.of(args));
        return tempos(all.toArray(String[]::new));
    }

    @Test
    void deployPutsTopicsThenWorkflowsWithArtifactsResolvedAgainstTheFile() {
        Run deployed = client("deploy", dir.resolve("deploy/workflows.toml").toString());

        assertThat(deployed.exit()).as(deployed.err()).isZero();
        assertThat(deployed.out()).isEqualTo("""
                topic doors: created
                workflow door: created
                workflow report: created
                """);
        Deployment current = local.controller().deployment();
        assertThat(current.topics()).containsKey("doors");
        assertThat(current.workflows().get("door").function().artifact())
                .isEqualTo(dir.resolve("deploy/fn/libalgorithm1.so").toString());
        assertThat(current.workflows().get("report").function().warm()).isFalse();

        Run again = client("deploy", "--json", dir.resolve("deploy/workflows.toml").toString());
        assertThat(again.exit()).isZero();
        assertThat(again.json().path("deployed")).extracting(e -> e.path("kind").asText() + " " + e.path("name").asText()
                + " " + e.path("result").asText()).containsExactly("topic doors replaced", "workflow door replaced",
                "workflow report replaced");
    }

    @Test
    void deployAJsonFileAndAWholeDeploymentFile() throws Exception {
        Path json = Files.writeString(dir.resolve("deploy/one.json"), """
                {"workflows": {"door-json": {"level": "strict", "topic": "sq", "method": "dlf", "artifact": "fn/libalgorithm1.so"}}}
                """);
        assertThat(client("deploy", json.toString()).exit()).isZero();

        Path whole = Files.writeString(dir.resolve("deploy/tempos.toml"), TestDeployments.baseToml() + """
                [workflows.door-file]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "fn/libalgorithm1.so"
                """);
        Run run = client("deploy", whole.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("left out of tempos.toml: [name, controller, levels, brokers, triggers, invokers]");
        assertThat(local.controller().deployment().workflows()).containsKeys("door-json", "door-file");
    }

    @Test
    void deployStopsAtTheFirstRefusalAndSaysWhy() throws Exception {
        Path bad = Files.writeString(dir.resolve("deploy/bad.toml"), """
                [workflows.good]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "fn/libalgorithm1.so"
                [workflows.bad]
                level = "strict"
                topic = "nowhere"
                method = "dlf"
                artifact = "fn/missing.so"
                [workflows.after]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "fn/libalgorithm1.so"
                """);

        Run run = client("deploy", bad.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("workflow good: created\n");
        assertThat(run.err()).contains("tempos deploy: workflow bad refused: workflow 'bad' refused, 2 problems:",
                "topic: no topic named 'nowhere'", "artifact: no file at " + dir.resolve("deploy/fn/missing.so"), "(HTTP 400)");
        assertThat(local.controller().deployment().workflows()).containsOnlyKeys("good");

        Run json = client("deploy", "--json", bad.toString());
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.json().path("status").asInt()).isEqualTo(400);
        assertThat(json.json().path("problems")).hasSize(2);
        assertThat(json.json().path("deployed").get(0).path("result").asText()).isEqualTo("replaced");
    }

    @Test
    void lsListsWhatRunsAndRmRemovesIt() {
        assertThat(client("deploy", dir.resolve("deploy/workflows.toml").toString()).exit()).isZero();

        Run table = client("ls");
        assertThat(table.exit()).isZero();
        assertThat(table.out().lines().toList()).hasSize(3);
        assertThat(table.out().lines().findFirst().orElseThrow()).startsWith("NAME").contains("LEVEL", "TOPIC", "METHOD", "MODE", "ARTIFACT");
        assertThat(table.out()).containsPattern("door +strict +doors +dlf +warm +" + dir.resolve("deploy/fn/libalgorithm1.so"));

        Run json = client("ls", "--json");
        assertThat(json.json()).extracting(w -> w.path("name").asText()).containsExactly("door", "report");

        Run removed = client("rm", "report");
        assertThat(removed.exit()).as(removed.err()).isZero();
        assertThat(removed.out()).isEqualTo("removed workflow report\n");
        assertThat(client("ls", "--json").json()).extracting(w -> w.path("name").asText()).containsExactly("door");

        Run missing = client("rm", "report");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("tempos rm: removing workflow 'report': no workflow named 'report'", "(HTTP 404)");
        Run missingJson = client("rm", "--json", "report");
        assertThat(missingJson.exit()).isEqualTo(1);
        assertThat(missingJson.json().path("status").asInt()).isEqualTo(404);
        assertThat(missingJson.json().path("error").asText()).contains("no workflow named 'report'");
    }

    @Test
    void invokeSendsOneEventThroughTheTriggerOfTheWorkflowsLevel() {
        assertThat(client("deploy", dir.resolve("deploy/workflows.toml").toString()).exit()).isZero();

        Run invoked = client("invoke", "door", "--data", EVENT);

        assertThat(invoked.exit()).as(invoked.err()).isZero();
        int port = deployment.triggers().get("gate").httpPorts().get("strict");
        assertThat(invoked.out()).matches("202 event \\d+ of door on its way \\(level strict, trigger gate, "
                + "http://127.0.0.1:" + port + "/workflows/door\\)\\n");

        Run json = client("invoke", "--json", "door", "--data", EVENT);
        assertThat(json.exit()).isZero();
        assertThat(json.json().path("status").asInt()).isEqualTo(202);
        assertThat(json.json().path("trigger").asText()).isEqualTo("gate");
        assertThat(json.json().path("answer").path("event-id").asText()).isNotBlank();

        // Both events ran the function: the status sums what the components counted.
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client("status", "--json").json().path("events").path("door").path("completed").asLong() == 2);
        JsonNode door = client("status", "--json").json().path("events").path("door");
        assertThat(door.path("received").asLong()).isEqualTo(2);
        assertThat(door.path("dropped").asLong()).isZero();
    }

    @Test
    void invokeOfAnUnknownWorkflowFailsNamingTheKnownOnes() throws Exception {
        Path payload = Files.writeString(dir.resolve("event.json"), EVENT);
        Run run = client("invoke", "ghost", "--data-file", payload.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("tempos invoke: no workflow named 'ghost'; workflows: []");
    }

    @Test
    void statusSummarisesLevelsComponentsAndEvents() {
        assertThat(client("deploy", dir.resolve("deploy/workflows.toml").toString()).exit()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client("status", "--json").json().path("components").path("healthy").asInt() == 3);

        Run json = client("status", "--json");
        assertThat(json.exit()).isZero();
        assertThat(json.json().path("workflows").path("per-level").toString()).isEqualTo("{\"strict\":1,\"best-effort\":1}");
        assertThat(json.json().path("component-list")).extracting(c -> c.path("id").asText()).containsExactly("edge", "mom", "gate");

        Run text = client("status");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).startsWith("deployment test: 2 workflow(s) (strict 1, best-effort 1), 3 topic(s)\n"
                + "components: 3 healthy, 0 unhealthy\n");
        assertThat(text.out()).containsPattern("edge +invoker +127.0.0.1:\\d+ +up").contains("events:", "door", "report");
    }

    /** End to end: the controller asks the real broker, which reads what runs; status shows it per topic. */
    @Test
    void statusShowsWhatEachTopicGivesOnTheRealBroker() {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                client("status", "--json").json().path("topic-effective").path("sq").path("mom").path("effective")
                        .path("membersConnected").asInt() == 1);

        JsonNode sq = client("status", "--json").json().path("topic-effective").path("sq").path("mom");
        assertThat(sq.path("topic").asText()).isEqualTo("sq");
        assertThat(sq.path("ingress").path("channel").asText()).isEqualTo("udp");
        assertThat(sq.path("effective").path("reliable").asBoolean()).isFalse();
        assertThat(sq.path("effective").path("degraded").get(0).asText()).startsWith("channel udp is not reliable");
        assertThat(sq.path("processing").path("processor").path("actual").path("tid").asInt()).isPositive();

        Run text = client("status");
        assertThat(text.exit()).isZero();
        assertThat(text.out()).contains("topics (what each gives now):")
                .containsPattern("sq +mom +strict +udp +unreliable, unordered, (real-time|normal scheduling), max 65507 B +1 of 1")
                .contains("sq on mom: channel udp is not reliable");
    }

    @Test
    void changesWithoutTheTokenAreRefused() {
        Run run = tempos("rm", "--controller", controllerUrl, "anything");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("missing API token", "(HTTP 401)");
        assertThat(tempos("ls", "--controller", controllerUrl).exit()).as("reads are open on loopback").isZero();
    }

    @Test
    void theTokenCanComeFromAFile() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Run run = tempos("deploy", "--controller", controllerUrl, "--token-file", tokenFile.toString(),
                dir.resolve("deploy/workflows.toml").toString());

        assertThat(run.exit()).as(run.err()).isZero();
    }

    @Test
    void anUnreachableControllerIsAFailureThatSaysWhereItLooked() {
        String nowhere = "http://127.0.0.1:" + FreePorts.next();
        Run run = tempos("status", "--controller", nowhere);

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("cannot reach the controller at " + nowhere + ": connection refused", "TEMPOS_CONTROLLER");
        Run json = tempos("ls", "--json", "--controller", nowhere);
        assertThat(json.exit()).isEqualTo(1);
        assertThat(json.json().path("error").asText()).contains("connection refused");
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        assertThat(client("deploy", dir.resolve("no-such.toml").toString()).exit()).isEqualTo(2);
        assertThat(client("deploy", Files.writeString(dir.resolve("empty.toml"), "name = \"x\"\n").toString()).err())
                .contains("has no [workflows.<name>] or [topics.<name>] table to deploy");
        assertThat(client("deploy", Files.writeString(dir.resolve("broken.toml"), "[workflows.x\n").toString()).err())
                .contains("is not valid TOML");
        assertThat(client("deploy", Files.writeString(dir.resolve("odd.toml"), "[gizmos.x]\na = 1\n").toString()).err())
                .contains("unknown key 'gizmos'");
        assertThat(client("invoke").exit()).isEqualTo(2);
        assertThat(client("invoke", "door", "--data", "x", "--data-file", "y").exit()).isEqualTo(2);
        assertThat(client("rm").exit()).isEqualTo(2);
        assertThat(client("ls", "--colour").exit()).isEqualTo(2);
        Run badUrl = tempos("ls", "--controller", "localhost:7400");
        assertThat(badUrl.exit()).isEqualTo(2);
        assertThat(badUrl.err()).contains("--controller 'localhost:7400' is not an http:// URL");
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy", "ls", "rm", "status", "invoke"})
    void everyCommandHasHelp(String command) {
        Run help = tempos(command, "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: tempos " + command).contains("--controller=URL", "--token=TOKEN", "--json",
                "Exit codes:");
    }
}
