package io.tempos.invoker;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.FunctionSpec;
import io.tempos.core.config.TopicSpec;
import io.tempos.core.config.WorkflowSpec;
import io.tempos.core.stats.ComponentStats;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Builds the routing table of one invoker for a deployment: the workflows whose topic it
 * subscribes to, each with its function loaded. A function whose spec did not change is taken
 * over from the previous table as is; new and changed ones are loaded here, before anything is
 * published. Management thread only.
 */
final class RouteTableLoader {

    private RouteTableLoader() {
    }

    /**
     * @param levels the levels this invoker has workers for
     * @throws IllegalArgumentException listing every workflow that cannot be served, each with
     *                                  the reason; whatever this call loaded is closed again and
     *                                  the previous table stays untouched
     */
    static RouteTable load(Deployment deployment, String invokerId, Set<String> levels, RouteTable previous,
                           ComponentStats stats) {
        List<WorkflowSpec> served = served(deployment, invokerId);
        List<String> problems = new ArrayList<>();
        for (WorkflowSpec workflow : served) {
            problems.addAll(check(deployment, invokerId, levels, workflow));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        List<LoadedFunction> loaded = new ArrayList<>();
        for (WorkflowSpec workflow : served) {
            Route old = previous.find(workflow.name());
            LoadedFunction function;
            if (old != null && old.function().spec().equals(workflow.function())) {
                function = old.function();
            } else {
                try {
                    function = new LoadedFunction(workflow.function(),
                            FunctionLoader.load(workflow.function(), deployment.levels().get(levelOf(deployment, workflow))));
                    loaded.add(function);
                } catch (IllegalArgumentException e) {
                    problems.add("workflows." + workflow.name() + ": cannot load " + describe(workflow.function()) + ": " + e.getMessage());
                    continue;
                }
            }
            routes.put(workflow.name(), new Route(workflow.name(), levelOf(deployment, workflow),
                    TimeUnit.MILLISECONDS.toNanos(workflow.function().timeoutMs()), function, stats.of(workflow.name())));
        }
        if (!problems.isEmpty()) {
            loaded.forEach(LoadedFunction::retire); // never published, so no worker holds them
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new RouteTable(routes);
    }

    /** The workflows whose topic lists {@code invokerId} as a subscriber, in declaration order. */
    static List<WorkflowSpec> served(Deployment deployment, String invokerId) {
        return deployment.workflows().values().stream().filter(w -> {
            TopicSpec topic = w.topic() == null ? null : deployment.topics().get(w.topic());
            return topic != null && topic.members().contains(invokerId);
        }).toList();
    }

    private static List<String> check(Deployment deployment, String invokerId, Set<String> levels, WorkflowSpec workflow) {
        List<String> problems = new ArrayList<>();
        String path = "workflows." + workflow.name();
        String level = levelOf(deployment, workflow);
        if (level == null) {
            problems.add(path + ".level: missing; levels: " + deployment.levels().keySet());
        } else if (!levels.contains(level)) {
            problems.add(path + ".level: '" + level + "' needs a port of invoker " + invokerId + " on that level, which listens on "
                    + levels + " only (add invokers." + invokerId + ".ports." + level + " and restart it)");
        }
        FunctionSpec function = workflow.function();
        if (function == null || function.method() == null) {
            problems.add(path + ".method: missing; supported: " + FunctionLoader.supportedLabels());
        } else if (function.timeoutMs() <= 0) {
            problems.add(path + ".timeout-ms: " + function.timeoutMs() + " must be > 0");
        }
        return problems;
    }

    /** The workflow's level, or its topic's when the workflow does not name one. */
    private static String levelOf(Deployment deployment, WorkflowSpec workflow) {
        if (workflow.level() != null) {
            return workflow.level();
        }
        TopicSpec topic = deployment.topics().get(workflow.topic());
        return topic == null ? null : topic.level();
    }

    private static String describe(FunctionSpec function) {
        return function.artifact() + " (method " + function.method().label()
                + (function.entry() == null ? "" : ", entry " + function.entry())
                + (function.warm() ? ", warm" : ", cold")
                + (function.isolation() == io.tempos.core.config.Isolation.NONE ? "" : ", isolation " + function.isolation().label()) + ")";
    }
}
