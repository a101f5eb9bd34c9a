package io.tempos.invoker;

import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The workflows this invoker serves, by name, in declaration order. Immutable: the management thread builds a new
 * table for every configuration and publishes it with one volatile write; workers only read.
 */
final class RouteTable {

    static final RouteTable EMPTY = new RouteTable(Map.of());

    private final Map<String, Route> routes;

    RouteTable(Map<String, Route> routes) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /** The route of {@code workflow}, or null when this invoker does not serve it. */
    Route find(String workflow) {
        return routes.get(workflow);
    }

    Collection<Route> routes() {
        return routes.values();
    }

    /** The functions of this table that {@code next} no longer uses: to retire once next is live. */
    List<LoadedFunction> droppedBy(RouteTable next) {
        Set<LoadedFunction> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        next.routes.values().forEach(r -> kept.add(r.function()));
        return routes.values().stream().map(Route::function).filter(f -> !kept.contains(f)).toList();
    }
}
