package io.tempos.controller;

import io.tempos.core.config.Deployment;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * What the API tests start from: stand-ins serving every component of a deployment, a
 * controller holding {@link ApiClient#TOKEN} that has pushed the deployment to them all, and a
 * client that sends that token. Closing it closes the client, the controller and the stand-ins,
 * in that order.
 */
record ControllerFixture(StandIns standIns, Controller controller, ApiClient api) implements AutoCloseable {

    /** How long the start-up push may take before the fixture gives up with the controller's reason. */
    private static final Duration PUSHED_WITHIN = Duration.ofSeconds(10);

    /** A controller with nothing but the test token. */
    static ControllerFixture start(Deployment deployment) throws Exception {
        return start(deployment, UnaryOperator.identity());
    }

    /**
     * A controller that {@code tuning} builds from a builder already holding the test token
     * (e.g. {@code b -> b.healthPollInterval(...)} or {@code Controller.Builder::persistent}).
     */
    static ControllerFixture start(Deployment deployment, UnaryOperator<Controller.Builder> tuning) throws Exception {
        StandIns standIns = StandIns.startAll(deployment);
        Controller controller = null;
        try {
            controller = tuning.apply(Controller.builder(deployment).token(ApiClient.TOKEN)).start();
            controller.awaitPushed(PUSHED_WITHIN);
            return new ControllerFixture(standIns, controller, new ApiClient(deployment, ApiClient.TOKEN));
        } catch (Exception e) {
            if (controller != null) {
                controller.close();
            }
            standIns.close();
            throw e;
        }
    }

    @Override
    public void close() {
        api.close();
        controller.close();
        standIns.close();
    }
}
