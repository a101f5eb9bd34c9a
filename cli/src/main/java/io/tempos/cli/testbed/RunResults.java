package io.tempos.cli.testbed;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tempos.bench.WorkflowTally;
import io.tempos.cli.testbed.ClassCounters.ClassCount;
import io.tempos.core.stats.LatencySpan;
import io.tempos.core.stats.Percentiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON of testbed runs: the tallies the load process hands to {@code testbed run}, and the
 * {@code --json} report with, per run and workflow, sent/delivered/dropped and end-to-end
 * latency percentiles in microseconds, and per host link the packets of each qdisc class.
 */
final class RunResults {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private RunResults() {
    }

    static List<WorkflowTally> readTallies(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), new TypeReference<List<WorkflowTally>>() {
        });
    }

    static ObjectNode report(List<RunResult> runs, Map<String, Object> settings) {
        ObjectNode root = MAPPER.createObjectNode();
        settings.forEach((key, value) -> root.set(key, MAPPER.valueToTree(value)));
        ArrayNode runsNode = root.putArray("runs");
        for (RunResult run : runs) {
            ObjectNode r = runsNode.addObject();
            r.put("classes", run.shaping().classes() ? "on" : "off");
            r.put("link_rate_bit_s", run.shaping().rateBitsPerS());
            r.put("duration_s", run.durationS());
            ArrayNode workflows = r.putArray("workflows");
            for (WorkflowTally t : run.workflows()) {
                ObjectNode w = workflows.addObject();
                w.put("workflow", t.workflow());
                w.put("level", t.level());
                w.put("sent", t.sent());
                w.put("delivered", t.delivered());
                w.put("dropped", t.droppedTotal());
                w.put("lost", t.unaccounted());
                w.set("dropped_by_reason", MAPPER.valueToTree(t.dropped()));
                w.set("latency_us", latency(t.endToEnd()));
                ObjectNode hops = w.putObject("hops_latency_us");
                for (LatencySpan span : LatencySpan.RECORDED) {
                    Percentiles p = t.latencyUs().get(span.label());
                    if (p != null && span != LatencySpan.END_TO_END) {
                        hops.set(span.label(), latency(p));
                    }
                }
            }
            ObjectNode qdisc = r.putObject("qdisc");
            for (Map.Entry<String, List<ClassCount>> host : run.qdisc().entrySet()) {
                ArrayNode classes = qdisc.putArray(host.getKey());
                for (ClassCount c : host.getValue()) {
                    classes.addObject().put("class", c.handle()).put("role", roleOf(c.handle()))
                            .put("packets", c.packets()).put("bytes", c.bytes()).put("dropped", c.dropped());
                }
            }
        }
        return root;
    }

    static void write(Path file, ObjectNode report) throws IOException {
        Files.writeString(file, MAPPER.writeValueAsString(report) + "\n");
    }

    /** What an htb class of the testbed carries. */
    static String roleOf(String handle) {
        if (handle.equals(LinkShaping.handle(LinkShaping.STRICT_CLASS))) {
            return "strict";
        }
        if (handle.equals(LinkShaping.handle(LinkShaping.BEST_EFFORT_CLASS))) {
            return "best-effort";
        }
        if (handle.equals(LinkShaping.handle(LinkShaping.OTHER_CLASS))) {
            return "other";
        }
        return "link";
    }

    private static ObjectNode latency(Percentiles p) {
        return MAPPER.createObjectNode().put("count", p.count()).put("p50", p.p50()).put("p99", p.p99())
                .put("p999", p.p999()).put("max", p.max()).put("mean", p.mean());
    }
}
