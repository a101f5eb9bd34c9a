package io.tempos.core.component;

import io.tempos.core.config.Deployment;

/**
 * The one door through which configurations reach a component, so that they apply in version
 * order: the controller's direct push ({@code PUT /config}) and documents of the broker's
 * {@code $config} topic ({@link ConfigSubscription}). A push always applies — the controller
 * decides, and its rollback pushes an older deployment on purpose — and records its version; a
 * topic document applies only when it is newer than the version in force, so a document read
 * before a push landed never undoes it. Thread-safe: one configuration at a time.
 */
public final class ConfigGate {

    /** What became of an offered topic document. */
    public enum Offer {
        /** Newer, and now in force. */
        APPLIED,
        /** Newer but the same deployment as in force: only its version was taken. */
        UNCHANGED,
        /** Not newer than the version in force: nothing changed. */
        STALE
    }

    private final Component component;
    private long version;

    public ConfigGate(Component component) {
        this.component = component;
    }

    /**
     * Applies the controller's push of {@code deployment}.
     *
     * @param version its version, or 0 when the push carries none (the version in force stays)
     * @throws IllegalArgumentException when the component refuses it (the previous one stays)
     */
    public synchronized void push(Deployment deployment, long version) {
        component.configure(deployment);
        if (version > 0) {
            this.version = version;
        }
    }

    /**
     * Applies a topic document when it is newer than the version in force.
     *
     * @throws IllegalArgumentException when the component refuses it (the previous one stays)
     */
    public synchronized Offer offer(long version, Deployment deployment) {
        boolean inForce = deployment.equals(component.configuration());
        // The same version and deployment is the topic's copy of the change a push brought
        // already (both carry its version); the same version with another deployment is not.
        if (version < this.version || version == this.version && !inForce) {
            return Offer.STALE;
        }
        if (inForce) {
            this.version = version;
            return Offer.UNCHANGED;
        }
        component.configure(deployment);
        this.version = version;
        return Offer.APPLIED;
    }

    /** The version in force: of the last versioned push or applied document; 0 before any. */
    public synchronized long version() {
        return version;
    }

    public String componentId() {
        return component.id();
    }
}
