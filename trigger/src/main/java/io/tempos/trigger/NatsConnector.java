package io.tempos.trigger;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Dispatcher;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.tempos.core.config.NatsBridgeSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The trigger's connector to an outside NATS server (placement C: a trigger inside the broker's
 * process, bridging an existing event system), with the official Java client. Each subscription
 * gets its copy of a message and hands it to the intake as an event of its workflow, on the
 * workflow's level; a queue group spreads a subject's messages over several triggers.
 *
 * <p>A connector thread makes the first connection, retrying (100 ms doubling up to
 * {@code retry-max-ms}) for as long as the server is down and logging each failure; once
 * connected, the client reconnects and subscribes again by itself. Messages arrive on the
 * client's dispatcher thread, with normal scheduling whatever the workflow's level.
 */
final class NatsConnector implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(NatsConnector.class.getName());
    private static final long FIRST_RETRY_MS = 100;

    private final String name;
    private final NatsBridgeSpec spec;
    private final Intake intake;
    private final AtomicLong attempts = new AtomicLong();
    private final Thread connector;
    private volatile Connection connection;
    private volatile boolean closed;

    NatsConnector(String triggerId, NatsBridgeSpec spec, Intake intake) {
        this.name = "trigger " + triggerId + ": NATS connector to " + spec.url();
        this.spec = spec;
        this.intake = intake;
        this.connector = Thread.ofPlatform().daemon(true).name(triggerId + "-nats").start(this::connectLoop);
    }

    boolean connected() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    /** First-connection attempts so far, the successful one included. */
    long attempts() {
        return attempts.get();
    }

    private void connectLoop() {
        Options options = Options.builder()
                .server(spec.url())
                .connectionName(name)
                .maxReconnects(-1)
                .reconnectWait(Duration.ofMillis(Math.min(spec.retryMaxMs(), 2_000)))
                .connectionTimeout(Duration.ofSeconds(5))
                .connectionListener(this::onConnectionEvent)
                .build();
        long delayMs = FIRST_RETRY_MS;
        while (!closed) {
            long attempt = attempts.incrementAndGet();
            try {
                Connection c = Nats.connect(options);
                subscribe(c);
                connection = c;
                LOG.log(System.Logger.Level.INFO, name + ": connected (attempt " + attempt + "), subscribed to "
                        + spec.subscriptions().stream().map(s -> s.subject() + " -> " + s.workflow()).toList());
                if (closed) {
                    c.close();
                }
                return;
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, name + ": cannot connect (" + e.getMessage() + "), attempt " + attempt
                        + "; retrying in " + delayMs + " ms");
                try {
                    Thread.sleep(delayMs);
                } catch (InterruptedException interrupted) {
                    return;
                }
                delayMs = Math.min(delayMs * 2, spec.retryMaxMs());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void subscribe(Connection c) {
        Dispatcher dispatcher = c.createDispatcher();
        for (NatsBridgeSpec.Subscription s : spec.subscriptions()) {
            if (s.queue().isEmpty()) {
                dispatcher.subscribe(s.subject(), message -> onMessage(s.workflow(), message.getSubject(), message.getData(), System.nanoTime()));
            } else {
                dispatcher.subscribe(s.subject(), s.queue(), message -> onMessage(s.workflow(), message.getSubject(), message.getData(), System.nanoTime()));
            }
        }
    }

    private void onConnectionEvent(Connection c, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED -> LOG.log(System.Logger.Level.WARNING, name + ": disconnected; the client reconnects");
            case RECONNECTED -> LOG.log(System.Logger.Level.INFO, name + ": reconnected");
            default -> LOG.log(System.Logger.Level.DEBUG, name + ": " + event);
        }
    }

    /** Hands one message of a subscription of {@code workflow} to the intake; every outcome is counted there. Never throws. */
    void onMessage(String workflow, String subject, byte[] data, long nowNanos) {
        byte[] payload = data == null ? new byte[0] : data;
        try {
            intake.accept(workflow, ByteBuffer.wrap(payload), payload.length, subject, nowNanos);
        } catch (RuntimeException e) {
            intake.malformed();
            LOG.log(System.Logger.Level.WARNING, name + ": message on " + subject + " dropped: " + e);
        }
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        try {
            connector.join(6_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
