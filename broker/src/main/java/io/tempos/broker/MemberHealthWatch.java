package io.tempos.broker;

import io.tempos.core.config.Deployment;
import io.tempos.core.config.InvokerSpec;
import io.tempos.core.config.TopicSpec;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Polls {@code GET /health} of every invoker that is a member of one of the broker's topics,
 * every {@code health-interval-ms}, and reports each change of verdict (as a
 * {@link LaneCommand.MemberHealth} for every lane). An invoker is down after
 * {@value #FAILURES_TO_DOWN} polls in a row failed (no answer within the interval, or not 200),
 * and up again after one that succeeded. Runs on its own daemon thread, off every event path.
 *
 * <p>Bound: an invoker whose host or process stops answering stops receiving events at most
 * {@code FAILURES_TO_DOWN × interval + interval} after it stopped (plus the processor's next
 * wake-up). An invoker process that exits on a live host is usually caught sooner, by the ICMP
 * port-unreachable the kernel returns for the next event sent to it ({@link Member}).
 */
final class MemberHealthWatch implements AutoCloseable {

    static final int FAILURES_TO_DOWN = 2;
    private static final System.Logger LOG = System.getLogger(MemberHealthWatch.class.getName());

    private final String brokerId;
    private final Duration interval;
    private final Predicate<LaneCommand.MemberHealth> report;
    private final HttpClient client;
    private final Thread thread;
    private volatile Map<String, URI> targets = Map.of();
    private final Map<String, Integer> failures = new HashMap<>();   // poller thread only
    private final Map<String, Boolean> verdicts = new HashMap<>();   // poller thread only
    private volatile boolean closed;

    MemberHealthWatch(String brokerId, int intervalMs, Predicate<LaneCommand.MemberHealth> report) {
        this.brokerId = brokerId;
        this.interval = Duration.ofMillis(intervalMs);
        this.report = report;
        this.client = HttpClient.newBuilder().connectTimeout(interval).build();
        this.thread = Thread.ofPlatform().name(brokerId + "-member-health").daemon(true).start(this::run);
    }

    /** Watches the members of {@code d}'s topics from now on. Any thread. */
    void watch(Deployment d) {
        Map<String, URI> next = new HashMap<>();
        for (TopicSpec topic : d.topics().values()) {
            for (String member : topic.members()) {
                InvokerSpec invoker = d.invokers().get(member);
                if (invoker != null) {
                    next.put(member, URI.create("http://" + invoker.host() + ":" + invoker.managementPort() + "/health"));
                }
            }
        }
        targets = Map.copyOf(next);
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(interval);
                poll(targets);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "broker " + brokerId + ": health poll failed: " + e);
            }
        }
    }

    private void poll(Map<String, URI> current) {
        failures.keySet().retainAll(current.keySet());
        verdicts.keySet().retainAll(current.keySet());
        Map<String, CompletableFuture<Boolean>> answers = new HashMap<>();
        current.forEach((invoker, uri) -> answers.put(invoker, client.sendAsync(
                        HttpRequest.newBuilder(uri).timeout(interval).GET().build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(r -> r.statusCode() == 200).exceptionally(e -> false)));
        answers.forEach((invoker, answer) -> {
            boolean ok = answer.join();
            int failed = ok ? 0 : failures.getOrDefault(invoker, 0) + 1;
            failures.put(invoker, failed);
            boolean up = failed < FAILURES_TO_DOWN;
            boolean previous = verdicts.getOrDefault(invoker, true);
            if (previous != up) {
                if (!report.test(new LaneCommand.MemberHealth(invoker, up))) {
                    return;   // a lane's command queue is full: report it again at the next poll
                }
                verdicts.put(invoker, up);
                LOG.log(System.Logger.Level.WARNING, "broker " + brokerId + ": invoker " + invoker + " is "
                        + (up ? "up again" : "down (" + failed + " health polls failed)") + "; its groups "
                        + (up ? "include it again" : "share its events among their other members"));
            }
        });
    }

    /** The invokers watched now. */
    Collection<String> watched() {
        return targets.keySet();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        client.close();
    }
}
