package io.tempos.core.config;

import io.tempos.core.testing.FreePorts;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code groups} of a topic in TOML and JSON, next to the plain {@code subscribers} they extend. */
class SubscriptionGroupsConfigTest {

    @TempDir
    Path dir;

    private static final String INVOKERS = """
            [invokers.edge-2]
            management-port = %d
            ports = { strict = %d, best-effort = %d }
            [invokers.edge-3]
            management-port = %d
            ports = { strict = %d, best-effort = %d }
            """.formatted(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next());

    @Test
    void groupsLoadWithTheirPolicyAndRoundRobinByDefault() {
        Deployment d = TestDeployments.parse(TestDeployments.baseToml() + INVOKERS + """
                [topics.cameras]
                level = "best-effort"
                groups = [ { name = "analytics", members = ["edge", "edge-2"], policy = "least-outstanding" }, { name = "archive", members = ["edge-3"] } ]
                """, dir);

        TopicSpec cameras = d.topics().get("cameras");
        assertThat(cameras.subscribers()).isEmpty();
        assertThat(cameras.groups()).containsExactly(
                new SubscriptionGroup("analytics", List.of("edge", "edge-2"), GroupPolicy.LEAST_OUTSTANDING),
                new SubscriptionGroup("archive", List.of("edge-3"), GroupPolicy.ROUND_ROBIN));
        assertThat(cameras.members()).containsExactly("edge", "edge-2", "edge-3");
    }

    @Test
    void arrayOfTablesSyntaxWorksToo() {
        Deployment d = TestDeployments.parse(TestDeployments.baseToml() + INVOKERS + """
                [topics.cameras]
                level = "best-effort"
                subscribers = ["edge-3"]
                [[topics.cameras.groups]]
                name = "analytics"
                members = ["edge", "edge-2"]
                """, dir);

        assertThat(d.topics().get("cameras").deliveryGroups()).containsExactly(
                new SubscriptionGroup("analytics", List.of("edge", "edge-2"), GroupPolicy.ROUND_ROBIN),
                new SubscriptionGroup("edge-3", List.of("edge-3"), GroupPolicy.ROUND_ROBIN));
    }

    @Test
    void plainSubscribersAreEachAGroupOfTheirOwn() {
        TopicSpec sq = TestDeployments.parse(TestDeployments.baseToml(), dir).topics().get("sq");

        assertThat(sq.groups()).isEmpty();
        assertThat(sq.deliveryGroups()).containsExactly(new SubscriptionGroup("edge", List.of("edge"), GroupPolicy.ROUND_ROBIN));
    }

    @Test
    void everyGroupProblemNamesItsKeyPath() {
        assertThat(ConfigProblems.of(TestDeployments.baseToml() + INVOKERS + """
                [topics.cameras]
                level = "best-effort"
                subscribers = ["edge-3"]
                groups = [
                  { name = "a", members = ["edge", "ghost"], policy = "random" },
                  { name = "a", members = [] },
                  { name = "edge-3", members = ["edge-2", "edge-2"], colour = "red" },
                  { members = ["edge"] },
                  "not a table",
                ]
                """, dir)).containsExactlyInAnyOrder(
                "topics.cameras.groups[0].policy: 'random' is not one of round-robin, least-outstanding",
                "topics.cameras.groups[2].colour: unknown key; valid keys here: members, name, policy",
                "topics.cameras.groups[3].name: missing; a string is required",
                "topics.cameras.groups: element 4 must be a table, got string \"not a table\"",
                "topics.cameras.groups[0].members: no invoker named 'ghost'; invokers: [edge, edge-2, edge-3]",
                "topics.cameras.groups[1].name: 'a' is already the name of topics.cameras.groups[0]",
                "topics.cameras.groups[1].members: at least one invoker is required; invokers: [edge, edge-2, edge-3]",
                "topics.cameras.groups[2].members: 'edge-2' is listed twice; a member gets its share once",
                "topics.cameras.subscribers: 'edge-3' is also the name of topics.cameras.groups[2]; rename the group (a plain subscriber is a group named after it)");
    }

    @Test
    void aTopicNeedsSubscribersOrGroups() {
        assertThat(ConfigProblems.of(TestDeployments.baseToml() + """
                [topics.empty]
                level = "strict"
                """, dir)).containsExactly("topics.empty.subscribers: at least one invoker is required; invokers: [edge]");
    }

    @Test
    void groupsRoundTripThroughJsonAndOldJsonWithoutGroupsStillReads() {
        Deployment d = TestDeployments.parse(TestDeployments.baseToml() + INVOKERS + """
                [topics.cameras]
                level = "best-effort"
                groups = [ { name = "analytics", members = ["edge", "edge-2"], policy = "least-outstanding" } ]
                """, dir);
        TopicSpec cameras = d.topics().get("cameras");

        assertThat(DeploymentJson.read(DeploymentJson.write(cameras), TopicSpec.class)).isEqualTo(cameras);
        assertThat(DeploymentJson.read(DeploymentJson.write(d), Deployment.class)).isEqualTo(d);
        assertThat(DeploymentJson.read("{\"name\":\"t\",\"level\":\"strict\",\"subscribers\":[\"edge\"]}", TopicSpec.class))
                .isEqualTo(new TopicSpec("t", "strict", List.of("edge")));
    }
}
