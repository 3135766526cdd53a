package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/**
 * {@code fsync=always} with group commit of segments and journal together: puts waiting at once
 * share one device flush, none returns before its flush, and a failed flush fails every put it was
 * to cover, none of them stored.
 */
final class SharedFlushTest {
  private static final int PUTS = 8;

  @TempDir
  Path dir;
  /** Flushes run, counted by the wrapper. */
  private final AtomicInteger flushes = new AtomicInteger();
  /** The first flush waits for this, so that the other puts queue up behind it. */
  private final CountDownLatch release = new CountDownLatch(1);
  private final AtomicBoolean failing = new AtomicBoolean();

  @Test
  void concurrentPackedPutsShareDeviceFlushes() throws Exception {
    List<byte[]> contents = contents();
    try (DiskTier tier = open("pack.below=64KB segment.size=1MB")) {
      List<Future<Boolean>> puts = putAll(tier, contents);

      awaitTickets(tier, PUTS);
      release.countDown();
      for (Future<Boolean> put : puts) {
        assertTrue(put.get());
      }
      assertTrue(flushes.get() <= 2, () -> PUTS + " puts waiting together took " + flushes.get()
          + " flushes; the first and one for everyone queued behind it at most");
    }
    try (DiskTier tier = open("pack.below=64KB segment.size=1MB")) {
      for (byte[] content : contents) {
        assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
      }
    }
  }

  @Test
  void ownFilePutsShareTheJournalFlush() throws Exception {
    List<byte[]> contents = contents();
    try (DiskTier tier = open("")) {
      List<Future<Boolean>> puts = putAll(tier, contents);
      awaitTickets(tier, PUTS);
      release.countDown();
      for (Future<Boolean> put : puts) {
        assertTrue(put.get());
      }
      assertTrue(flushes.get() <= 2, () -> "journal flushes: " + flushes.get());
    }
  }

  @Test
  void aFailedFlushFailsEveryPutItCoveredAndStoresNone() throws Exception {
    List<byte[]> contents = contents();
    failing.set(true);
    try (DiskTier tier = open("pack.below=64KB segment.size=1MB")) {
      List<Future<Boolean>> puts = putAll(tier, contents);
      awaitTickets(tier, PUTS);
      release.countDown();
      for (Future<Boolean> put : puts) {
        Exception failed = org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class, put::get);
        assertTrue(failed.getCause() instanceof CacheException, failed::toString);
      }
      for (byte[] content : contents) {
        assertFalse(tier.contains(ContentKey.sha256(content)), "a put that failed is not stored");
      }
      assertEquals(0, tier.entryCount());
      assertEquals(0, tier.sizeBytes());

      failing.set(false);
      byte[] later = Folders.content(4096, 99);
      assertTrue(tier.put(ContentKey.sha256(later), later), "a later flush serves later puts");
      assertArrayEquals(later, tier.getBytes(ContentKey.sha256(later)));
    }
  }

  private DiskTier open(String settings) {
    TierConfig config = TierConfig.parse("dir=" + dir + " fsync=always " + settings).toBuilder()
        .clock(CacheClock.system()).build();
    UnaryOperator<GroupCommit.Flush> wrap = flush -> () -> {
      if (flushes.incrementAndGet() == 1) {
        awaitUninterruptibly(release);
      }
      if (failing.get()) {
        throw new IOException("injected: the device refused the flush");
      }
      flush.flush();
    };
    return DiskTier.open(DiskSettings.from(config), ContentFiles.FILES, LifetimeCounter.DAEMON,
        wrap);
  }

  private static List<byte[]> contents() {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < PUTS; i++) {
      contents.add(Folders.content(4096, i));
    }
    return contents;
  }

  private static List<Future<Boolean>> putAll(CacheTier tier, List<byte[]> contents) {
    ExecutorService threads = Executors.newFixedThreadPool(PUTS);
    List<Future<Boolean>> puts = new ArrayList<>();
    for (byte[] content : contents) {
      puts.add(threads.submit(() -> tier.put(ContentKey.sha256(content), content)));
    }
    threads.shutdown();
    return puts;
  }

  /** Waits until every put has taken its ticket: written, recorded, and waiting for the device. */
  private static void awaitTickets(DiskTier tier, long tickets) {
    SharedFlush shared = tier.ledger().sharedFlush();
    assertTimeoutPreemptively(Duration.ofMinutes(2), () -> {
      while (shared.issued() < tickets) {
        Thread.onSpinWait();
      }
    }, "the puts never all reached the flush");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
