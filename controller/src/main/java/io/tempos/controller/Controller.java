package io.tempos.controller;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.DeploymentValidator;
import io.tempos.core.qos.QosLevel;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The control plane of one deployment. It holds the authoritative model, serves the REST API
 * that changes it (see the module's README), and pushes the whole model to every broker,
 * trigger and invoker over their management endpoints ({@code PUT /config}).
 *
 * <p>{@link #start} returns once the REST API listens; the first push to the components runs
 * in the background, because they may start after the controller. {@link #awaitPushed} waits
 * for it. Every later change is pushed synchronously to all components, all or none. A health
 * poller watches every component and gives one that restarted its configuration back.
 *
 * <p>With a state dir ({@link Builder#stateDir}), every change is saved there, and a
 * controller started again runs the saved topics and workflows instead of the file's
 * (components, levels and the controller's own address still come from the file).
 */
public final class Controller implements AutoCloseable {

    /** How long the start-up push waits for a component that does not answer yet. */
    public static final Duration DEFAULT_STARTUP_PUSH_TIMEOUT = Duration.ofSeconds(30);

    private static final System.Logger LOG = System.getLogger(Controller.class.getName());

    private final ComponentClient client;
    private final Model model;
    private final RestApi api;
    private final StartupPush startupPush;
    private final HealthPoller health;
    private final StateStore store;

    private Controller(ComponentClient client, Model model, RestApi api, StartupPush startupPush, HealthPoller health,
                       StateStore store) {
        this.client = client;
        this.model = model;
        this.api = api;
        this.startupPush = startupPush;
        this.health = health;
        this.store = store;
    }

    /** A controller of {@code deployment} to configure and {@link Builder#start()}. */
    public static Builder builder(Deployment deployment) {
        return new Builder(deployment);
    }

    /** Starts with the model in memory only and the default start-up push timeout of 30 s. */
    public static Controller start(Deployment deployment) throws IOException {
        return builder(deployment).start();
    }

    /** Starts with the model in memory only, waiting up to {@code startupPushTimeout} for each component. */
    public static Controller start(Deployment deployment, Duration startupPushTimeout) throws IOException {
        return builder(deployment).startupPushTimeout(startupPushTimeout).start();
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

    /** Every operation the REST API serves, e.g. {@code GET /workflows/{name}}. */
    List<String> operations() {
        return api.operations();
    }

    /** Stops the REST API, the health poller and any start-up push still retrying; the components keep running. */
    @Override
    public void close() {
        startupPush.cancel();
        health.close();
        api.close();
        client.close();
        if (store != null) {
            store.close();
        }
    }

    /** How to start a controller; every setting has a default. Not thread-safe. */
    public static final class Builder {

        private final Deployment deployment;
        private Path stateDir;
        private boolean resetState;
        private String token;
        private Duration startupPushTimeout = DEFAULT_STARTUP_PUSH_TIMEOUT;
        private Duration healthPollInterval = HealthPoller.DEFAULT_INTERVAL;
        private Map<String, String> environment = System.getenv();

        private Builder(Deployment deployment) {
            this.deployment = Objects.requireNonNull(deployment, "deployment");
        }

        /**
         * Keeps the model in {@code dir} (created if needed, mode 0700): every change is saved
         * there before it is answered, and a controller started again runs the saved topics and
         * workflows. Without it the model lives in memory only.
         */
        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        /** {@link #stateDir} the deployment's {@code [controller] state-dir}. */
        public Builder persistent() {
            String dir = deployment.controller().stateDir();
            if (dir == null) {
                throw new IllegalStateException("deployment '" + deployment.name() + "' names no [controller] state-dir");
            }
            return stateDir(Path.of(dir));
        }

        /**
         * Starts from the deployment's own topics and workflows even when the state dir holds
         * saved ones, which are kept beside as {@code deployment.json.<time>.bak}.
         */
        public Builder resetState(boolean reset) {
            this.resetState = reset;
            return this;
        }

        /**
         * The bearer token changes must carry. Without it: {@code TEMPOS_TOKEN}, then
         * {@code [controller] token-file}, then a token generated into the state dir (or, with
         * none, for this run), logged once.
         */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** How long the start-up push retries a component that does not answer (default 30 s). */
        public Builder startupPushTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("start-up push timeout " + timeout + " must be positive");
            }
            this.startupPushTimeout = timeout;
            return this;
        }

        /** How often each component's {@code GET /health} is polled (default 3 s). */
        public Builder healthPollInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("health poll interval " + interval + " must be positive");
            }
            this.healthPollInterval = interval;
            return this;
        }

        /** The environment read for {@code TEMPOS_TOKEN}; the process's by default. */
        Builder environment(Map<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /**
         * Serves the REST API on the deployment's {@code [controller]} address and starts pushing
         * the model to every component, retrying each that does not answer yet.
         *
         * @throws IllegalArgumentException naming every problem when the deployment cannot run
         * @throws IOException              when the REST API cannot listen, the state dir cannot be
         *                                  used, the state file is corrupt or no longer fits the
         *                                  deployment, or the token file cannot be read; the message
         *                                  says which and what to do
         */
        public Controller start() throws IOException {
            List<String> problems = DeploymentValidator.validate(deployment);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("deployment '" + deployment.name() + "' cannot run, "
                        + problems.size() + " problem(s): " + String.join("; ", problems));
            }
            StateStore store = stateDir == null ? null : StateStore.open(stateDir);
            ComponentClient client = null;
            RestApi api = null;
            try {
                Deployment initial = store == null ? deployment : restore(store);
                AccessToken access = AccessToken.resolve(token, environment, deployment.controller(),
                        store == null ? null : store.dir());
                client = new ComponentClient();
                Model model = new Model(initial, client, store == null ? Model.Saver.IN_MEMORY : store::save);
                HealthPoller health = HealthPoller.create(model, client, healthPollInterval);
                List<Route> routes = RestApi.routes(model, new WorkflowResource(model), new TopicResource(model, client), new LevelResource(model),
                        new ReadResources(model, health), new StatusReport(model, health, client), new OpenApiDocument());
                api = RestApi.start(deployment.controller(), routes, access);
                StartupPush startupPush = StartupPush.begin(model, startupPushTimeout);
                health.start(startupPush::pending);
                return new Controller(client, model, api, startupPush, health, store);
            } catch (IOException | RuntimeException e) {
                if (api != null) {
                    api.close();
                }
                if (client != null) {
                    client.close();
                }
                if (store != null) {
                    store.close();
                }
                throw e;
            }
        }

        /**
         * The model to start from: the file's deployment, with the topics, workflows and levels'
         * thread scheduling saved in the state file when there is one (and no reset was asked).
         */
        private Deployment restore(StateStore store) throws IOException {
            if (resetState) {
                Optional<Path> kept = store.reset();
                LOG.log(System.Logger.Level.WARNING, kept.map(p -> "--reset-state: the saved model was moved to " + p
                        + "; starting from the config file's topics and workflows").orElse("--reset-state: nothing was saved in "
                        + store.dir() + "; starting from the config file"));
                return deployment;
            }
            Optional<StateStore.Saved> saved = store.load();
            if (saved.isEmpty()) {
                LOG.log(System.Logger.Level.INFO, "no saved model in " + store.dir() + " yet: running the config file's"
                        + " topics and workflows; changes through the API are saved there");
                return deployment;
            }
            Deployment kept = saved.get().deployment();
            String where = "state file " + store.stateFile() + " (saved at " + saved.get().savedAt() + ")";
            if (!kept.name().equals(deployment.name())) {
                throw new IOException(where + " holds deployment '" + kept.name() + "', the config file describes '"
                        + deployment.name() + "': give this config its own [controller] state-dir, or start with"
                        + " --reset-state to drop the saved model (it is kept beside as a .bak file)");
            }
            Deployment restored = new Deployment(deployment.name(), deployment.controller(), levelsRestored(kept),
                    deployment.brokers(), deployment.triggers(), deployment.invokers(), kept.topics(), kept.workflows(), deployment.tsn());
            List<String> problems = DeploymentValidator.validate(restored);
            if (!problems.isEmpty()) {
                throw new IOException(where + " no longer fits the config file's components and levels, "
                        + problems.size() + " problem(s): " + String.join("; ", problems) + ". Put back what the config"
                        + " file lost, or start with --reset-state to run the file's topics and workflows");
            }
            List<String> differences = new ArrayList<>();
            differences.addAll(differences("topic", deployment.topics(), kept.topics()));
            differences.addAll(differences("workflow", deployment.workflows(), kept.workflows()));
            differences.addAll(differences("level", deployment.levels(), restored.levels()));
            LOG.log(System.Logger.Level.INFO, "restored " + kept.workflows().size() + " workflow(s) and " + kept.topics().size()
                    + " topic(s) from " + where);
            if (!differences.isEmpty()) {
                LOG.log(System.Logger.Level.WARNING, "the saved model, which runs, differs from the config file's [topics],"
                        + " [workflows] and levels' scheduling: " + String.join("; ", differences) + ". To run the file's, `tempos deploy` it or"
                        + " restart with --reset-state");
            }
            return restored;
        }

        /**
         * The file's levels, each with the thread scheduling saved for it (the one part of a level
         * that changes at run time); a level the file no longer has stays out.
         */
        private Map<String, QosLevel> levelsRestored(Deployment kept) {
            Map<String, QosLevel> levels = new LinkedHashMap<>();
            deployment.levels().forEach((name, level) -> {
                QosLevel saved = kept.levels().get(name);
                levels.put(name, saved == null ? level : level.withSchedulingOf(saved));
            });
            return levels;
        }

        private static <V> List<String> differences(String kind, Map<String, V> file, Map<String, V> saved) {
            List<String> out = new ArrayList<>();
            List<String> added = saved.keySet().stream().filter(k -> !file.containsKey(k)).toList();
            List<String> removed = file.keySet().stream().filter(k -> !saved.containsKey(k)).toList();
            List<String> changed = saved.keySet().stream().filter(k -> file.containsKey(k) && !file.get(k).equals(saved.get(k))).toList();
            if (!added.isEmpty()) {
                out.add(kind + "s added at run time: " + added);
            }
            if (!removed.isEmpty()) {
                out.add(kind + "s removed at run time: " + removed);
            }
            if (!changed.isEmpty()) {
                out.add(kind + "s changed at run time: " + changed);
            }
            return out;
        }
    }
}
