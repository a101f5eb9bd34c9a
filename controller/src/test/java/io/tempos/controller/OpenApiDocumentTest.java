package io.tempos.controller;

import com.fasterxml.jackson.databind.JsonNode;
import io.tempos.core.config.Deployment;
import io.tempos.core.testing.TestDeployments;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The OpenAPI document the controller serves describes exactly the operations it serves. */
@Timeout(30)
class OpenApiDocumentTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");

    @TempDir
    Path dir;

    @AutoClose
    private ControllerFixture fixture;
    private JsonNode document;

    @BeforeEach
    void start() throws Exception {
        Deployment deployment = TestDeployments.parse(TestDeployments.baseToml(), dir);
        fixture = ControllerFixture.start(deployment);
        ApiClient.Answer served = fixture.api().get("/openapi.json");
        assertThat(served.status()).isEqualTo(200);
        document = served.json();
    }

    @Test
    void everyServedOperationIsDocumentedAndNothingElse() {
        assertThat(documentedOperations()).containsExactlyInAnyOrderElementsOf(fixture.controller().operations());
    }

    @Test
    void everyDocumentedOperationIsRoutedOverHttp() {
        for (String operation : documentedOperations()) {
            String method = operation.substring(0, operation.indexOf(' '));
            String path = operation.substring(operation.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "no-such-thing");
            ApiClient.Answer answer = fixture.api().send(method, path, method.equals("GET") || method.equals("DELETE") ? null : "{}");
            assertThat(answer.status()).as(operation + " answered " + answer.raw().body()).isNotEqualTo(405);
            assertThat(answer.error()).as(operation).doesNotContain("no resource at");
        }
    }

    @Test
    void isOpenApi3WithEveryReferenceResolvedAndEveryOperationAnswered() {
        assertThat(document.path("openapi").asText()).startsWith("3.");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("info").path("version").asText()).isNotBlank();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty().allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref + " resolves").isFalse();
        });
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                assertThat(op.getValue().path("responses").size()).as(op.getKey() + " " + path.getKey()).isPositive();
                assertThat(op.getValue().path("operationId").asText()).as(op.getKey() + " " + path.getKey()).isNotBlank();
            }
        }));
    }

    @Test
    void everyChangeIsDocumentedAsNeedingTheToken() {
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey()) && !op.getKey().equals("get")) {
                assertThat(op.getValue().path("security").toString()).as(op.getKey() + " " + path.getKey())
                        .isEqualTo("[{\"bearerAuth\":[]}]");
                assertThat(op.getValue().path("responses").has("401")).as(op.getKey() + " " + path.getKey()).isTrue();
            }
        }));
    }

    private List<String> documentedOperations() {
        List<String> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(op -> {
            if (METHODS.contains(op.getKey())) {
                operations.add(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null) {
                refs.add(ref.asText());
            }
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collectRefs(it.next(), refs);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
