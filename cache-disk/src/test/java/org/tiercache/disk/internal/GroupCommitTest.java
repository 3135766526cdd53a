package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Writers waiting together share one flush; a failed flush fails exactly the writes it was to cover,
 * for good.
 */
final class GroupCommitTest {
  private static final long WAIT_SECONDS = 30;

  @Test
  void writersThatArriveDuringAFlushShareTheNextOne() throws Exception {
    CountDownLatch firstFlushStarted = new CountDownLatch(1);
    CountDownLatch releaseFirstFlush = new CountDownLatch(1);
    AtomicInteger flushes = new AtomicInteger();
    GroupCommit commit = new GroupCommit(() -> {
      if (flushes.incrementAndGet() == 1) {
        firstFlushStarted.countDown();
        await(releaseFirstFlush);
      }
    });

    long first = commit.ticket();
    CompletableFuture<Void> leader = CompletableFuture.runAsync(() -> durable(commit, first));
    assertTrue(firstFlushStarted.await(WAIT_SECONDS, TimeUnit.SECONDS));
    // Three more writes return while the first flush runs: one flush after it covers them all.
    long[] later = {commit.ticket(), commit.ticket(), commit.ticket()};
    CompletableFuture<?>[] followers = new CompletableFuture<?>[later.length];
    for (int i = 0; i < later.length; i++) {
      long ticket = later[i];
      followers[i] = CompletableFuture.runAsync(() -> durable(commit, ticket));
    }
    releaseFirstFlush.countDown();
    leader.get(WAIT_SECONDS, TimeUnit.SECONDS);
    CompletableFuture.allOf(followers).get(WAIT_SECONDS, TimeUnit.SECONDS);

    assertEquals(2, flushes.get(), "one flush for the first write, one for the three after it");
    assertEquals(2, commit.flushes());
  }

  @Test
  void aTicketAlreadyCoveredReturnsWithoutAFlush() throws IOException {
    AtomicInteger flushes = new AtomicInteger();
    GroupCommit commit = new GroupCommit(flushes::incrementAndGet);
    long a = commit.ticket();
    long b = commit.ticket();

    commit.awaitDurable(b);
    commit.awaitDurable(a);

    assertEquals(1, flushes.get());
  }

  @Test
  void aFailedFlushFailsTheWritesItCoveredEvenAfterALaterFlushSucceeds() throws IOException {
    AtomicInteger flushes = new AtomicInteger();
    GroupCommit commit = new GroupCommit(() -> {
      if (flushes.incrementAndGet() == 2) {
        throw new IOException("No space left on device");
      }
    });
    long durable = commit.ticket();
    commit.awaitDurable(durable);
    long lost = commit.ticket();

    IOException failed = assertThrows(IOException.class, () -> commit.awaitDurable(lost));
    assertTrue(failed.getMessage().contains("No space left on device"), failed.getMessage());

    long after = commit.ticket();
    commit.awaitDurable(after);
    assertThrows(IOException.class, () -> commit.awaitDurable(lost),
        "a later flush proves nothing about pages a failed fsync may have dropped");
    commit.awaitDurable(durable);
    assertEquals(3, flushes.get());
  }

  @Test
  void aFlushThatThrowsAnUncheckedExceptionIsAFailureNotADurableWrite() {
    GroupCommit commit = new GroupCommit(() -> {
      throw new IllegalStateException("closed");
    });
    long ticket = commit.ticket();

    IOException failed = assertThrows(IOException.class, () -> commit.awaitDurable(ticket));
    assertTrue(failed.getMessage().contains("closed"), failed.getMessage());
  }

  private static void durable(GroupCommit commit, long ticket) {
    try {
      commit.awaitDurable(ticket);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
