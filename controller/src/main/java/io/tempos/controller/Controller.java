package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentValidator;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The control plane of one deployment. It holds the authoritative model, serves the REST API
 * that changes it (see the module's README), and pushes the whole model to every broker,
 * trigger and invoker over their management endpoints ({@code PUT /config}).
 *
 * <p>{@link #start} returns once the REST API listens; the first push to the components runs
 * in the background, because they may start after the controller. {@link #awaitPushed} waits
 * for it. Every later change is pushed synchronously to all components, all or none.
 */
public final class Controller implements AutoCloseable {

    /** How long the start-up push waits for a component that does not answer yet. */
    public static final Duration DEFAULT_STARTUP_PUSH_TIMEOUT = Duration.ofSeconds(30);

    private final ComponentClient client;
    private final Model model;
    private final RestApi api;
    private final StartupPush startupPush;

    private Controller(ComponentClient client, Model model, RestApi api, StartupPush startupPush) {
        this.client = client;
        this.model = model;
        this.api = api;
        this.startupPush = startupPush;
    }

    /** Starts with the default start-up push timeout of 30 s. */
    public static Controller start(Deployment deployment) throws IOException {
        return start(deployment, DEFAULT_STARTUP_PUSH_TIMEOUT);
    }

    /**
     * Serves the REST API on {@code deployment.controller()} and starts pushing the deployment
     * to every component, retrying each one that does not answer for up to
     * {@code startupPushTimeout}.
     *
     * @throws IllegalArgumentException naming every problem when the deployment cannot run
     * @throws IOException              when the REST API cannot listen on its address
     */
    public static Controller start(Deployment deployment, Duration startupPushTimeout) throws IOException {
        List<String> problems = DeploymentValidator.validate(deployment);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("deployment '" + deployment.name() + "' cannot run, "
                    + problems.size() + " problem(s): " + String.join("; ", problems));
        }
        if (startupPushTimeout.isNegative() || startupPushTimeout.isZero()) {
            throw new IllegalArgumentException("start-up push timeout " + startupPushTimeout + " must be positive");
        }
        ComponentClient client = new ComponentClient();
        Model model = new Model(deployment, client);
        RestApi api;
        try {
            api = RestApi.start(deployment.controller(), model);
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return new Controller(client, model, api, StartupPush.begin(model, startupPushTimeout));
    }

    /**
     * Waits until every component has taken the start-up configuration.
     *
     * @throws PushException naming each component that refused it or did not answer within the
     *                       start-up push timeout, or, when {@code timeout} passes first, each
     *                       one still awaited; the controller keeps serving either way
     */
    public void awaitPushed(Duration timeout) throws PushException, InterruptedException {
        startupPush.await(timeout);
    }

    /** The current model: what every component was last told to run. */
    public Deployment deployment() {
        return model.current();
    }

    /** Stops the REST API and any start-up push still retrying; the components keep running. */
    @Override
    public void close() {
        startupPush.cancel();
        api.close();
        client.close();
    }
}
