package io.tempos.trigger;

import io.tempos.core.event.ControlFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(10)
class PendingRepliesTest {

    private static final PendingReplies.Reply OK = new PendingReplies.Reply(ControlFrame.STATUS_OK, new byte[]{1});

    @Test
    void replyCompletesTheRequestWaitingForItsIdAndNoOther() throws Exception {
        PendingReplies replies = new PendingReplies(4);
        assertThat(replies.open(1)).isTrue();
        assertThat(replies.open(2)).isTrue();

        assertThat(replies.complete(2, OK)).isTrue();

        assertThat(replies.await(2, TimeUnit.SECONDS.toNanos(1))).isSameAs(OK);
        assertThat(replies.await(1, TimeUnit.MILLISECONDS.toNanos(1))).as("no reply for 1").isNull();
        assertThat(replies.waiting()).isZero();
    }

    @Test
    void replyArrivingWhileTheRequestWaitsWakesIt() throws Exception {
        PendingReplies replies = new PendingReplies(1);
        replies.open(7);
        CompletableFuture<PendingReplies.Reply> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return replies.await(7, TimeUnit.SECONDS.toNanos(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        replies.complete(7, OK);

        assertThat(waiter.get(5, TimeUnit.SECONDS)).isSameAs(OK);
    }

    @Test
    void boundedCapacityRefusesMoreAndFreesSlotsOnReplyTimeoutOrCancel() throws Exception {
        PendingReplies replies = new PendingReplies(2);
        assertThat(replies.open(1)).isTrue();
        assertThat(replies.open(2)).isTrue();
        assertThat(replies.open(3)).as("full").isFalse();

        replies.cancel(1);
        assertThat(replies.open(3)).isTrue();
        assertThat(replies.await(2, 1)).as("expired").isNull();
        assertThat(replies.open(4)).isTrue();
        assertThat(replies.waiting()).isEqualTo(2);
    }

    @Test
    void resultAfterTheWaiterGaveUpIsDiscardedAndCountedLateButRejectionsOfAsyncEventsAreNot() throws Exception {
        PendingReplies replies = new PendingReplies(2);
        replies.open(5);
        assertThat(replies.await(5, 1)).isNull();

        assertThat(replies.complete(5, OK)).isFalse();
        assertThat(replies.complete(6, new PendingReplies.Reply(PendingReplies.REJECTED, new byte[0]))).isFalse();

        assertThat(replies.lateResults()).isEqualTo(1);
        assertThat(replies.waiting()).isZero();
    }
}
