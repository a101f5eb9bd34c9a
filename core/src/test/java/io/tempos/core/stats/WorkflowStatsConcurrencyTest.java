package io.tempos.core.stats;

import io.tempos.core.event.EventFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hot threads record while another thread snapshots, as {@code GET /stats} does under load:
 * nothing is lost or counted twice, and what a snapshot shows never goes backwards. Halfway, the
 * writers pause together so that one snapshot taken mid-run has an exact expected value.
 */
class WorkflowStatsConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int EVENTS_PER_WRITER = 50_000;

    @Test
    @Timeout(60)
    void totalsAddUpExactlyWhileSnapshotsAreTaken() throws Exception {
        WorkflowStats stats = new WorkflowStats("w");
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch writersHalfway = new CountDownLatch(WRITERS);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicReference<Throwable> snapshotFailure = new AtomicReference<>();
        AtomicReference<WorkflowSnapshot> halfway = new AtomicReference<>();

        Thread snapshotter = Thread.ofPlatform().name("snapshotter").start(() -> {
            try {
                start.await();
                WorkflowSnapshot previous = stats.snapshot();
                while (writing.get()) {
                    WorkflowSnapshot next = stats.snapshot();
                    assertNotBehind(next, previous);
                    previous = next;
                    if (writersHalfway.getCount() == 0 && resume.getCount() == 1) {
                        halfway.set(stats.snapshot());
                        resume.countDown();
                    }
                }
            } catch (Throwable t) {
                snapshotFailure.set(t);
            }
        });
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().name("writer-" + w).start(() -> {
                // One flyweight per thread, as the components do.
                EventFrame frame = StampedFrames.everyHop(1, 1_000 + writer);
                awaitQuietly(start);
                for (int i = 0; i < EVENTS_PER_WRITER; i++) {
                    if (i == EVENTS_PER_WRITER / 2) {
                        writersHalfway.countDown();
                        awaitQuietly(resume);
                    }
                    stats.received();
                    stats.forwarded();
                    stats.completed(frame);
                    stats.dropped(DropReason.values()[i % DropReason.count()]);
                }
            }));
        }

        start.countDown();
        for (Thread writer : writers) {
            assertThat(writer.join(Duration.ofSeconds(50))).as(writer.getName() + " finished").isTrue();
        }
        writing.set(false);
        assertThat(snapshotter.join(Duration.ofSeconds(5))).as("snapshotter finished").isTrue();

        assertThat(snapshotFailure.get()).isNull();
        long half = (long) WRITERS * (EVENTS_PER_WRITER / 2);
        assertThat(halfway.get().received()).isEqualTo(half);
        assertThat(halfway.get().completed()).isEqualTo(half);
        assertThat(halfway.get().latencyUs().get("end-to-end").count()).isEqualTo(half);
        WorkflowSnapshot last = stats.snapshot();
        long total = (long) WRITERS * EVENTS_PER_WRITER;
        assertThat(last.received()).isEqualTo(total);
        assertThat(last.forwarded()).isEqualTo(total);
        assertThat(last.completed()).isEqualTo(total);
        assertThat(last.droppedTotal()).isEqualTo(total);
        for (DropReason reason : DropReason.values()) {
            long expected = 0;
            for (int i = 0; i < EVENTS_PER_WRITER; i++) {
                expected += i % DropReason.count() == reason.ordinal() ? 1 : 0;
            }
            assertThat(last.dropped().get(reason.label())).as(reason.label()).isEqualTo(expected * WRITERS);
        }
        assertThat(last.latencyUs()).hasSize(LatencySpan.RECORDED.size())
                .allSatisfy((span, p) -> assertThat(p.count()).as(span).isEqualTo(total));
    }

    private static void assertNotBehind(WorkflowSnapshot next, WorkflowSnapshot previous) {
        assertThat(next.received()).isGreaterThanOrEqualTo(previous.received());
        assertThat(next.completed()).isGreaterThanOrEqualTo(previous.completed());
        assertThat(next.droppedTotal()).isGreaterThanOrEqualTo(previous.droppedTotal());
        previous.latencyUs().forEach((span, p) ->
                assertThat(next.latencyUs().get(span).count()).as(span).isGreaterThanOrEqualTo(p.count()));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
