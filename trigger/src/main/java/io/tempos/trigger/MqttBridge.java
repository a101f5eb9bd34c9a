package io.tempos.trigger;

import io.tempos.core.config.MqttBridgeSpec;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trigger's bridge from an outside MQTT broker (Eclipse Paho, MQTT 3.1.1): it subscribes to
 * the configured topic filters and hands each message to the intake as an event of the first
 * matching subscription's workflow, on that workflow's level.
 *
 * <p>One connector thread owns the connection: it connects, subscribes, waits until the
 * connection is lost, and connects again, waiting 100 ms doubling up to {@code retry-max-ms}
 * between failed attempts, for ever — the outside broker may come up after the trigger. Each
 * failure is logged with the broker, the reason and when the next attempt comes.
 *
 * <p>Messages arrive on Paho's callback thread, which runs with normal scheduling whatever the
 * workflow's level: MQTT ingress is not real-time (the event travels on from the trigger with
 * its level's socket priority). The callback never throws: Paho would drop the connection.
 */
final class MqttBridge implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(MqttBridge.class.getName());
    private static final long FIRST_RETRY_MS = 100;
    private static final int CONNECT_TIMEOUT_S = 5;
    private static final int KEEP_ALIVE_S = 10;

    private final String name;
    private final MqttBridgeSpec spec;
    private final Intake intake;
    private final MqttClient client;
    private final Semaphore lost = new Semaphore(0);
    private final AtomicLong attempts = new AtomicLong();
    private final Thread connector;
    private volatile boolean connected;
    private volatile boolean closed;

    MqttBridge(String triggerId, MqttBridgeSpec spec, Intake intake) throws MqttException {
        this.name = "trigger " + triggerId + ": MQTT bridge to " + spec.url();
        this.spec = spec;
        this.intake = intake;
        this.client = new MqttClient(spec.url(), spec.clientId(), new MemoryPersistence());
        client.setCallback(new Callback());
        this.connector = Thread.ofPlatform().daemon(true).name(triggerId + "-mqtt").start(this::connectLoop);
    }

    boolean connected() {
        return connected;
    }

    /** Connection attempts so far, the successful ones included. */
    long attempts() {
        return attempts.get();
    }

    private void connectLoop() {
        long delayMs = FIRST_RETRY_MS;
        List<MqttBridgeSpec.Subscription> subscriptions = spec.subscriptions();
        String[] filters = subscriptions.stream().map(MqttBridgeSpec.Subscription::topic).toArray(String[]::new);
        int[] qos = subscriptions.stream().mapToInt(MqttBridgeSpec.Subscription::qos).toArray();
        while (!closed) {
            long attempt = attempts.incrementAndGet();
            try {
                client.connect(options());
                client.subscribe(filters, qos);
                connected = true;
                delayMs = FIRST_RETRY_MS;
                LOG.log(System.Logger.Level.INFO, name + ": connected as '" + spec.clientId() + "' (attempt " + attempt
                        + "), subscribed to " + describe(subscriptions));
                lost.acquire();
            } catch (MqttException e) {
                disconnectQuietly();
                if (closed) {
                    return;
                }
                LOG.log(System.Logger.Level.WARNING, name + ": cannot connect and subscribe (" + describe(e) + "), attempt "
                        + attempt + "; retrying in " + delayMs + " ms");
                if (!sleep(delayMs)) {
                    return;
                }
                delayMs = Math.min(delayMs * 2, spec.retryMaxMs());
            } catch (InterruptedException e) {
                return;
            } finally {
                connected = false;
            }
        }
    }

    private MqttConnectOptions options() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);            // subscriptions are made again on every connection
        options.setAutomaticReconnect(false);     // the connector thread reconnects, also when the first attempt fails
        options.setConnectionTimeout(CONNECT_TIMEOUT_S);
        options.setKeepAliveInterval(KEEP_ALIVE_S);
        return options;
    }

    private final class Callback implements MqttCallback {

        @Override
        public void connectionLost(Throwable cause) {
            LOG.log(System.Logger.Level.WARNING, name + ": connection lost (" + cause + "); reconnecting");
            lost.release();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            onMessage(topic, message.getPayload(), System.nanoTime());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // the bridge publishes nothing
        }
    }

    /** Hands one message to the intake; every outcome is counted there. Never throws. */
    void onMessage(String topic, byte[] payload, long nowNanos) {
        try {
            for (MqttBridgeSpec.Subscription subscription : spec.subscriptions()) {
                if (MqttTopicFilter.matches(subscription.topic(), topic)) {
                    intake.accept(subscription.workflow(), ByteBuffer.wrap(payload), payload.length, topic, nowNanos);
                    return;
                }
            }
            intake.unmatched();
        } catch (RuntimeException e) {
            intake.malformed();
            LOG.log(System.Logger.Level.WARNING, name + ": message on " + topic + " dropped: " + e);
        }
    }

    private static String describe(List<MqttBridgeSpec.Subscription> subscriptions) {
        return subscriptions.stream().map(s -> s.topic() + " -> " + s.workflow() + " (QoS " + s.qos() + ")").toList().toString();
    }

    private static String describe(MqttException e) {
        return e.getMessage() + (e.getCause() == null ? "" : ": " + e.getCause().getMessage());
    }

    private void disconnectQuietly() {
        try {
            if (client.isConnected()) {
                client.disconnectForcibly(0, 1_000);
            }
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.DEBUG, name + ": disconnect: " + e);
        }
    }

    private static boolean sleep(long ms) {
        try {
            Thread.sleep(ms);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        lost.release();
        try {
            connector.join(CONNECT_TIMEOUT_S * 1_000L + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        disconnectQuietly();
        try {
            client.close(true);
        } catch (MqttException e) {
            LOG.log(System.Logger.Level.DEBUG, name + ": close: " + e);
        }
    }
}
