package io.tempos.invoker;

import io.tempos.core.event.EventFrame;
import io.tempos.core.event.NameIndex;

import java.nio.charset.StandardCharsets;
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
    private final NameIndex<Route> byFrame;

    RouteTable(Map<String, Route> routes) {
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        this.byFrame = new NameIndex<>(this.routes.values(), route -> route.workflow().getBytes(StandardCharsets.UTF_8));
    }

    /** The route of {@code workflow}, or null when this invoker does not serve it. */
    Route find(String workflow) {
        return routes.get(workflow);
    }

    /** The route of the workflow named in the checked {@code frame}, or null; allocates nothing. */
    Route find(EventFrame frame) {
        return byFrame.find(frame);
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
