package io.tempos.controller;

import io.tempos.core.component.ManagementServer;
import io.tempos.core.config.ComponentSpec;
import io.tempos.core.config.Deployment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stand-ins for the components of a deployment, each behind core's real management endpoint
 * on the port the deployment gives it, so the controller talks real HTTP on loopback.
 */
final class StandIns implements AutoCloseable {

    private final Deployment deployment;
    private final Map<String, StandInComponent> components = new ConcurrentHashMap<>();
    private final Map<String, ManagementServer> servers = new ConcurrentHashMap<>();

    StandIns(Deployment deployment) {
        this.deployment = deployment;
        deployment.brokers().keySet().forEach(id -> components.put(id, new StandInComponent(id)));
        deployment.triggers().keySet().forEach(id -> components.put(id, new StandInComponent(id)));
        deployment.invokers().keySet().forEach(id -> components.put(id, new StandInComponent(id)));
    }

    /** Stand-ins for every component of {@code deployment}, all serving. */
    static StandIns startAll(Deployment deployment) {
        StandIns standIns = new StandIns(deployment);
        standIns.components.keySet().forEach(standIns::start);
        return standIns;
    }

    StandInComponent get(String id) {
        return components.get(id);
    }

    /** Starts serving the management endpoint of {@code id}. */
    void start(String id) {
        ComponentSpec spec = deployment.component(id).orElseThrow();
        try {
            servers.put(id, ManagementServer.start(spec.host(), spec.managementPort(), components.get(id)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces {@code id} by a fresh, unconfigured stand-in serving on the same port, as if its
     * process had been restarted; returns the new one.
     */
    StandInComponent restart(String id) {
        stop(id);
        StandInComponent fresh = new StandInComponent(id);
        components.put(id, fresh);
        start(id);
        return fresh;
    }

    /** Serves {@code component} as {@code id} on that id's port (after {@link #stop}). */
    void replace(String id, StandInComponent component) {
        components.put(id, component);
        start(id);
    }

    /** Stops the management endpoint of {@code id}, as if its process had died. */
    void stop(String id) {
        servers.remove(id).close();
    }

    @Override
    public void close() {
        servers.values().forEach(ManagementServer::close);
    }
}
