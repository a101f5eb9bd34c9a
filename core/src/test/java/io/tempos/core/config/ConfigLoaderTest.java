package io.tempos.core.config;

import io.tempos.core.qos.OverflowPolicy;
import io.tempos.core.qos.QosLevel;
import io.tempos.core.qos.SchedPolicy;
import io.tempos.core.qos.WaitStrategy;
import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** Reading the TOML file into the model: types, defaults, levels, and how problems are reported. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    @Test
    void theHotelExampleLoadsOnceItsFunctionsAreBuilt() throws IOException {
        Path root = TestDeployments.repositoryRoot();
        Path file = root.resolve("examples/hotel/tempos.toml");
        assumeThat(file).as("the example the lead writes").isRegularFile();

        Deployment hotel;
        try {
            hotel = ConfigLoader.load(file);
        } catch (ConfigException e) {
            // A fresh clone has not built the functions yet: only that may be missing.
            Pattern unbuilt = Pattern.compile("workflows\\.[\\w-]+\\.artifact: no file at "
                    + Pattern.quote(root.toString()) + "/functions/.+/target/.+ \\(build it first: ./tempos build\\)");
            assertThat(e.problems()).allMatch(problem -> unbuilt.matcher(problem).matches(), "only unbuilt artifacts");
            return;
        }
        assertThat(hotel.levels()).containsKeys(QosLevel.STRICT, QosLevel.BEST_EFFORT);
        assertThat(hotel.brokers()).isNotEmpty();
        assertThat(hotel.workflows()).isNotEmpty();
        hotel.workflows().values().forEach(w ->
                assertThat(Path.of(w.function().artifact())).as(w.name()).isAbsolute().startsWith(root));
    }

    @Test
    void theBaseTestDeploymentLoads() {
        Deployment d = TestDeployments.parse(TestDeployments.baseToml(), dir);

        assertThat(d.name()).isEqualTo("test");
        assertThat(d.brokers()).containsOnlyKeys("mom");
        assertThat(d.triggers()).containsOnlyKeys("gate");
        assertThat(d.triggers().get("gate").broker()).isEqualTo("mom");
        assertThat(d.invokers()).containsOnlyKeys("edge");
        assertThat(d.topics()).containsOnlyKeys("sq", "bq");
        assertThat(d.topics().get("sq").level()).isEqualTo("strict");
        assertThat(d.topics().get("sq").subscribers()).containsExactly("edge");
        assertThat(d.levels().get("strict").queueCapacity()).isEqualTo(64);
        assertThat(d.workflows()).isEmpty();
        assertThat(DeploymentValidator.validate(d)).isEmpty();
    }

    @Test
    void theBuiltInLevelsExistWithoutALevelsTable() {
        Deployment d = TestDeployments.parse(minimal(), dir);

        assertThat(d.levels()).containsExactly(
                Map.entry("strict", QosLevel.strict()),
                Map.entry("best-effort", QosLevel.bestEffort()));
        QosLevel strict = d.levels().get("strict");
        assertThat(strict.threadPolicy()).isEqualTo(SchedPolicy.FIFO);
        assertThat(strict.threadPriority()).isEqualTo(99);
        assertThat(strict.socketPriority()).isEqualTo(6);
        assertThat(d.levels().get("best-effort").threadPolicy()).isEqualTo(SchedPolicy.OTHER);
    }

    @Test
    void defaultsForTheNameAndController() {
        Deployment d = TestDeployments.parse(minimal(), dir);

        assertThat(d.name()).isEqualTo("tempos");
        assertThat(d.controller()).isEqualTo(new ControllerSpec("127.0.0.1", 7400, dir.resolve(".tempos").toString(), null));
    }

    @Test
    void stateDirAndTokenFileResolveAgainstTheFilesDirectory() {
        Deployment d = TestDeployments.parse("""
                [controller]
                host = "0.0.0.0"
                port = 7444
                state-dir = "run/../var/state"
                token-file = "/etc/tempos/token"
                """ + minimal(), dir);

        assertThat(d.controller()).isEqualTo(new ControllerSpec("0.0.0.0", 7444, dir.resolve("var/state").toString(),
                "/etc/tempos/token"));
    }

    @Test
    void aControllerTableWithoutStateDirTakesTheDefault() {
        Deployment d = TestDeployments.parse("""
                [controller]
                port = 7444
                token-file = "secret/token"
                """ + minimal(), dir);

        assertThat(d.controller().stateDir()).isEqualTo(dir.resolve(".tempos").toString());
        assertThat(d.controller().tokenFile()).isEqualTo(dir.resolve("secret/token").toString());
    }

    @Test
    void badControllerKeysAreNamed() {
        assertThat(ConfigProblems.of("""
                [controller]
                state-dir = ""
                token-file = 7
                tls = true
                """ + minimal(), dir)).containsExactlyInAnyOrder(
                "controller.state-dir: must be a non-empty string, got string \"\"",
                "controller.token-file: must be a non-empty string, got number 7",
                "controller.tls: unknown key; valid keys here: host, port, state-dir, token-file");
    }

    @Test
    void aTableForABuiltInLevelChangesOnlyTheKeysItNames() {
        Deployment d = TestDeployments.parse(minimal() + """
                [levels.strict]
                queue-capacity = 10
                """, dir);

        assertThat(d.levels().get("strict")).isEqualTo(new QosLevel("strict", "udp", 6, SchedPolicy.FIFO, 99, List.of(), 10,
                OverflowPolicy.DROP_NEWEST, WaitStrategy.PARK, 1));
    }

    @Test
    void aNewLevelTakesBestEffortDefaultsForWhatItLeavesOut() {
        Deployment d = TestDeployments.parse(minimal() + """
                [levels.video]
                queue-capacity = 10
                socket-priority = 4
                """, dir);

        QosLevel be = QosLevel.bestEffort();
        assertThat(d.levels()).containsKeys("strict", "best-effort", "video");
        assertThat(d.levels().get("video")).isEqualTo(new QosLevel("video", be.channel(), 4, be.threadPolicy(), be.threadPriority(),
                be.cpus(), 10, be.overflow(), be.waitStrategy(), be.workers()));
    }

    @Test
    void switchingPolicyFamilyDoesNotCarryAPriorityOverThatIsInvalidForTheNewOne() {
        Deployment d = TestDeployments.parse(minimal() + """
                [levels.strict]
                thread-policy = "other"
                [levels.video]
                thread-policy = "rr"
                """, dir);

        assertThat(d.levels().get("strict").threadPriority()).as("nice value, not 99").isZero();
        assertThat(d.levels().get("video").threadPolicy()).isEqualTo(SchedPolicy.RR);
        assertThat(d.levels().get("video").threadPriority()).as("a real-time priority, not nice 0").isBetween(1, 99);
    }

    @Test
    void readsEveryLevelKey() {
        Deployment d = TestDeployments.parse(minimal() + """
                [levels.gold]
                channel = "udp"
                socket-priority = 5
                thread-policy = "fifo"
                thread-priority = 80
                cpus = [0]
                queue-capacity = 512
                overflow = "reject"
                wait = "spin"
                workers = 3
                """, dir);

        assertThat(d.levels().get("gold")).isEqualTo(new QosLevel("gold", "udp", 5, SchedPolicy.FIFO, 80, List.of(0), 512,
                OverflowPolicy.REJECT, WaitStrategy.SPIN, 3));
    }

    @ParameterizedTest(name = "{0} = \"{1}\"")
    @CsvSource({
            "thread-policy, fifo",
            "thread-policy, rr",
            "thread-policy, other",
            "overflow, reject",
            "overflow, drop-newest",
            "overflow, drop-oldest",
            "wait, spin",
            "wait, yield",
            "wait, park"})
    void enumsAreWrittenInKebabCase(String key, String value) {
        Deployment d = TestDeployments.parse(minimal() + "[levels.gold]\n" + key + " = \"" + value + "\"\n", dir);

        QosLevel gold = d.levels().get("gold");
        Enum<?> read = switch (key) {
            case "thread-policy" -> gold.threadPolicy();
            case "overflow" -> gold.overflow();
            default -> gold.waitStrategy();
        };
        assertThat(read.name()).isEqualTo(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    @Test
    void anUnknownEnumValueNamesTheValidOnesInKebabCase() {
        assertThat(ConfigProblems.of(minimal() + """
                [levels.best-effort]
                overflow = "drop_all"
                thread-policy = "deadline"
                """, dir)).containsExactly(
                "levels.best-effort.thread-policy: 'deadline' is not one of other, fifo, rr",
                "levels.best-effort.overflow: 'drop_all' is not one of reject, drop-newest, drop-oldest");
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnceWithItsKeyPath() throws IOException {
        Path artifact = Files.createFile(dir.resolve("f.jar"));
        String toml = TestDeployments.baseToml()
                .replace("[levels.strict]\n", "[levels.strict]\nthread-priority = 120\n")
                .replace("[levels.best-effort]\n", "[levels.best-effort]\noverflow = \"drop-everything\"\n")
                .replace("broker = \"mom\"", "broker = \"nobody\"")
                + """
                [workflows.w]
                level = "strict"
                topic = "sq"
                method = "jvm"
                artifact = "%s"
                entry = "x.F"
                mode = "lukewarm"
                timeout-ms = 0
                """.formatted(artifact.getFileName());

        assertThatThrownBy(() -> ConfigLoader.parse(toml, "five.toml", dir))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).containsExactly(
                            "levels.strict.thread-priority: must be an integer in 1..99, got number 120",
                            "levels.best-effort.overflow: 'drop-everything' is not one of reject, drop-newest, drop-oldest",
                            "workflows.w.mode: 'lukewarm' is not one of warm, cold",
                            "workflows.w.timeout-ms: must be an integer in 1..3600000, got number 0",
                            "triggers.gate.broker: no broker named 'nobody'; brokers: [mom]");
                    assertThat(e.getMessage()).startsWith("five.toml: 5 problems").contains(e.problems());
                });
    }

    @Test
    void wrongTypesNameWhatWasFound() {
        assertThat(ConfigProblems.of("""
                name = 7
                [controller]
                port = "http"
                [brokers.mom]
                management-port = 70000
                ports = { strict = 1.5 }
                [levels.gold]
                cpus = "all"
                workers = true
                """, dir)).containsExactly(
                "name: must be a non-empty string, got number 7",
                "controller.port: must be an integer in 1..65535, got string \"http\"",
                "levels.gold.cpus: must be an array of integers in 0..%d, got string \"all\"".formatted(Runtime.getRuntime().availableProcessors() - 1),
                "levels.gold.workers: must be an integer in 1..64, got boolean true",
                "brokers.mom.management-port: must be an integer in 1..65535, got number 70000",
                "brokers.mom.ports.strict: must be an integer in 1..65535, got number 1.5");
    }

    /** A socket priority may be an htb class id (major << 16 | minor), in TOML hex, up to 0xFFFFFFFF. */
    @Test
    void aSocketPriorityMayBeAClassIdUpToUnsigned32Bits() {
        Deployment d = TestDeployments.parse(minimal() + """
                [levels.strict]
                socket-priority = 0x10010
                [levels.best-effort]
                socket-priority = 4294967295
                """, dir);

        assertThat(d.levels().get("strict").socketPriority()).isEqualTo(0x10010);
        assertThat(Integer.toUnsignedLong(d.levels().get("best-effort").socketPriority())).isEqualTo(0xFFFF_FFFFL);
    }

    @Test
    void aSocketPriorityOutsideUnsigned32BitsIsRefused() {
        assertThat(ConfigProblems.of(minimal() + "[levels.strict]\nsocket-priority = 4294967296\n[levels.gold]\nsocket-priority = -1\n", dir))
                .containsExactly(
                        "levels.strict.socket-priority: must be an integer in 0..4294967295 (0xFFFFFFFF), got number 4294967296",
                        "levels.gold.socket-priority: must be an integer in 0..4294967295 (0xFFFFFFFF), got number -1");
    }

    @Test
    void aCpuThatTheMachineDoesNotHaveIsRefused() {
        int cpus = Runtime.getRuntime().availableProcessors();

        assertThat(ConfigProblems.of(minimal() + "[levels.gold]\ncpus = [0, " + cpus + "]\n", dir)).containsExactly(
                "levels.gold.cpus: every element must be an integer in 0.." + (cpus - 1) + ", got number " + cpus);
    }

    @Test
    void unknownKeysNameTheValidOnes() {
        assertThat(ConfigProblems.of("brokerz = 1\n" + minimal() + """
                [levels.strict]
                prioity = 3
                [workflows.w]
                level = "strict"
                topic = "t"
                method = "dlf"
                artifact = "/no/such.so"
                retries = 2
                """, dir)).contains(
                "brokerz: unknown key; valid keys here: brokers, controller, invokers, levels, name, topics, triggers, tsn, workflows",
                "levels.strict.prioity: unknown key; valid keys here: boost-priority, busy-poll-us, channel, cpus, max-wait-ms, "
                        + "overflow, queue-capacity, socket-priority, thread-policy, thread-priority, tsn-slot, wait, workers",
                "workflows.w.retries: unknown key; valid keys here: args, artifact, container-image, entry, isolation, level, "
                        + "max-cpu-seconds, max-memory-mb, max-open-files, method, mode, timeout-ms, topic");
    }

    @Test
    void invalidTomlReportsWhereItIs() {
        List<String> problems = ConfigProblems.of("""
                name = "x"
                [brokers.mom]
                management-port = = 3
                """, dir);

        assertThat(problems).singleElement().asString().startsWith("not valid TOML: ").contains("(line 3, column ");
    }

    @Test
    void aFileWithoutBrokersCannotRun() {
        assertThat(ConfigProblems.of("name = \"empty\"\n", dir))
                .containsExactly("brokers: at least one broker is required, e.g. [brokers.mom]");
    }

    @Test
    void requiredKeysThatAreMissingAreNamed() {
        assertThat(ConfigProblems.of(minimal() + """
                [triggers.gate]
                management-port = %d
                [topics.t]
                subscribers = []
                [workflows.w]
                method = "dlf"
                """.formatted(FreePorts.next()), dir)).containsExactlyInAnyOrder(
                "triggers.gate.broker: missing; a string is required",
                "triggers.gate.udp-ports: missing table",
                "triggers.gate.http-ports: missing table",
                "topics.t.level: missing; a string is required",
                "topics.t.subscribers: at least one invoker is required; invokers: []",
                "workflows.w.artifact: missing; a string is required",
                "workflows.w.level: missing; one of [strict, best-effort]",
                "workflows.w.topic: missing; one of [t]");
    }

    /** A port that is missing or invalid is one problem, not also a clash with another such port. */
    @Test
    void portsAlreadyReportedDoNotClashWithEachOther() {
        assertThat(ConfigProblems.of("""
                [brokers.mom]
                ports = { strict = 0 }
                [invokers.edge]
                ports = { strict = "7501" }
                """, dir)).containsExactly(
                "brokers.mom.management-port: missing; an integer in 1..65535 is required",
                "brokers.mom.ports.strict: must be an integer in 1..65535, got number 0",
                "invokers.edge.management-port: missing; an integer in 1..65535 is required",
                "invokers.edge.ports.strict: must be an integer in 1..65535, got string \"7501\"");
    }

    @Test
    void anInvalidNameIsReportedOnce() {
        List<String> problems = ConfigProblems.of(TestDeployments.baseToml() + """
                [workflows."door lock"]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "/bin/sh"
                """, dir);

        assertThat(problems).containsExactly("workflows.door lock: invalid name: use 1..64 letters, digits, '-' or '_'");
    }

    @Test
    void aWorkflowHasDefaultsForEntryModeAndTimeout() throws IOException {
        Files.createFile(dir.resolve("lib.so"));

        Deployment d = TestDeployments.parse(TestDeployments.baseToml() + """
                [workflows.w]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "lib.so"
                """, dir);

        assertThat(d.workflows().get("w")).isEqualTo(new WorkflowSpec("w", "strict", "sq",
                new FunctionSpec(InvocationMethod.DLF, dir.resolve("lib.so").toString(), "tempos_main", true, 10_000)));
    }

    @Test
    void aColdJvmWorkflowKeepsItsEntryAndTimeout() throws IOException {
        Files.createFile(dir.resolve("f.jar"));

        Deployment d = TestDeployments.parse(TestDeployments.baseToml() + """
                [workflows.w]
                level = "best-effort"
                topic = "bq"
                method = "jvm"
                artifact = "f.jar"
                entry = "com.example.F"
                mode = "cold"
                timeout-ms = 250
                """, dir);

        assertThat(d.workflows().get("w").function()).isEqualTo(
                new FunctionSpec(InvocationMethod.JVM, dir.resolve("f.jar").toString(), "com.example.F", false, 250));
    }

    @Test
    void relativeArtifactPathsResolveAgainstTheFilesDirectory() throws Exception {
        Path conf = Files.createDirectories(dir.resolve("conf"));
        Path jar = Files.createFile(Files.createDirectories(dir.resolve("fn")).resolve("f.jar"));
        Path so = Files.createFile(conf.resolve("lib.so"));
        Path file = conf.resolve("tempos.toml");
        Files.writeString(file, TestDeployments.baseToml() + """
                [workflows.near]
                level = "strict"
                topic = "sq"
                method = "dlf"
                artifact = "lib.so"
                [workflows.far]
                level = "best-effort"
                topic = "bq"
                method = "jvm"
                artifact = "../fn/f.jar"
                entry = "F"
                [workflows.absolute]
                level = "best-effort"
                topic = "bq"
                method = "jvm"
                artifact = "%s"
                entry = "F"
                """.formatted(jar));

        Deployment d = ConfigLoader.load(file);

        assertThat(d.workflows().get("near").function().artifact()).isEqualTo(so.toString());
        assertThat(d.workflows().get("far").function().artifact()).isEqualTo(jar.toString());
        assertThat(d.workflows().get("absolute").function().artifact()).isEqualTo(jar.toString());
    }

    @Test
    void aFileThatCannotBeReadIsAProblemOfItsOwn() {
        Path missing = dir.resolve("missing.toml");

        assertThatThrownBy(() -> ConfigLoader.load(missing))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement().asString()
                        .startsWith("cannot read the file: ").contains("missing.toml"))
                .hasMessageStartingWith(missing + ": 1 problem");
    }

    /** The smallest file that runs: one broker, the built-in levels. */
    static String minimal() {
        return """
                [brokers.mom]
                management-port = %d
                ports = {}
                """.formatted(FreePorts.next());
    }
}
