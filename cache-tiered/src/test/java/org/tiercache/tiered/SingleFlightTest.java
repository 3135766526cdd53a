package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.tiercache.tiered.MockTiers.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/**
 * {@code get(key, loader)}: concurrent misses on one key load once; a failed or wrong load reaches
 * every caller and caches nothing. Threads are lined up with latches and the stack's count of
 * waiting callers, never with sleeps. Every wait is bounded by {@link #PATIENCE}, far beyond what a
 * working stack needs, so that a regression (a caller that never joins the flight, a loader that
 * never runs, a result that never comes) fails with a message instead of hanging the build.
 */
final class SingleFlightTest {
  private static final int CALLERS = 8;
  private static final long PATIENCE_SECONDS = 60;

  private final TieredCache cache =
      TieredCache.builder().tier(SizeRule.any(), "memory", TierConfig.parse("capacity=1MB")).build();
  private final ExecutorService threads = Executors.newFixedThreadPool(CALLERS);
  private final byte[] content = content(4096);
  private final ContentKey key = ContentKey.sha256(content);
  private final AtomicInteger loads = new AtomicInteger();
  private final CountDownLatch loading = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  @AfterEach
  void stop() {
    release.countDown();
    threads.shutdownNow();
    cache.close();
  }

  @Test
  void aLoadedMissCountsOneMissInEachTierAsTheStackDoes() {
    try (TieredCache two = TieredCache.builder()
        .tier(SizeRule.any(), "memory", TierConfig.parse("capacity=1MB"))
        .tier(SizeRule.any(), "memory", TierConfig.parse("capacity=1MB")).build()) {
      assertNotNull(two.get(key, k -> content));

      assertEquals(1, two.stats().misses(), "the stack counts one miss");
      for (TierReport tier : two.tierStats()) {
        assertEquals(1, tier.stats().misses(), () -> "one caller's look, one miss: " + tier);
        assertEquals(0, tier.stats().hits(), () -> "nothing was found: " + tier);
      }
    }
  }

  @Test
  void concurrentMissesOnOneKeyRunTheLoaderOnceAndAllGetItsContent() throws Exception {
    List<Future<ByteBuffer>> results = callAllAtOnce(k -> content);

    for (Future<ByteBuffer> result : results) {
      ByteBuffer got = result.get(PATIENCE_SECONDS, TimeUnit.SECONDS);
      byte[] bytes = new byte[got.remaining()];
      got.get(bytes);
      assertArrayEquals(content, bytes);
    }
    assertEquals(1, loads.get(), "one load for " + CALLERS + " concurrent callers");
    assertTrue(cache.contains(key), "the loaded content is cached");
    assertEquals(CALLERS, cache.stats().misses(), "each caller's first look was a miss");
    assertEquals(1, cache.stats().puts(), "the content was stored once");
  }

  @Test
  void failingLoaderFailsEveryCallerAndCachesNothing() throws Exception {
    IOException failure = new IOException("object store unreachable");
    List<Future<ByteBuffer>> results = callAllAtOnce(k -> {
      throw failure;
    });

    for (Future<ByteBuffer> result : results) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> result.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
      CacheException seen = assertInstanceOf(CacheException.class, e.getCause());
      assertSame(failure, seen.getCause(), "every caller sees the loader's exception as cause");
      assertTrue(seen.getMessage().contains(key.toString()), seen.getMessage());
    }
    assertEquals(1, loads.get());
    assertFalse(cache.contains(key));
    assertEquals(0, cache.entryCount());
  }

  @Test
  void loaderContentThatDoesNotMatchTheKeyIsRefusedForEveryCaller() throws Exception {
    byte[] wrong = content(4096);
    List<Future<ByteBuffer>> results = callAllAtOnce(k -> wrong);

    for (Future<ByteBuffer> result : results) {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> result.get(PATIENCE_SECONDS, TimeUnit.SECONDS));
      CacheException seen = assertInstanceOf(CacheException.class, e.getCause());
      assertTrue(seen.getMessage().contains("does not match"), seen.getMessage());
      assertTrue(seen.getMessage().contains(ContentKey.sha256(wrong).hex()), seen.getMessage());
    }
    assertEquals(1, loads.get());
    assertFalse(cache.contains(key));
    assertFalse(cache.contains(ContentKey.sha256(wrong)));
    assertEquals(0, cache.entryCount());
  }

  @Test
  void loaderThatFindsNothingReturnsNullAndCachesNothing() {
    assertNull(cache.get(key, k -> null));
    assertFalse(cache.contains(key));
  }

  @Test
  void hitDoesNotRunTheLoader() {
    cache.put(key, content);
    ByteBuffer got = cache.get(key, k -> {
      throw new AssertionError("loader ran on a hit");
    });
    assertEquals(content.length, got.remaining());
  }

  @Test
  void aLaterCallerAfterTheLoadFindsTheStoredContent() {
    cache.get(key, k -> content);
    cache.get(key, k -> {
      throw new AssertionError("loaded twice");
    });
    assertEquals(1, cache.stats().hits());
  }

  @Test
  void theLoadersArrayCanBeReusedWithoutChangingWhatWasReturnedOrCached() {
    byte[] reused = content.clone();
    ByteBuffer got = cache.get(key, k -> reused);
    reused[0] ^= 1;
    assertEquals(content[0], got.get(0));
    assertArrayEquals(content, cache.getBytes(key));
  }

  @Test
  void contentReturnedToCallersIsReadOnly() {
    ByteBuffer got = cache.get(key, k -> content);
    assertTrue(got.isReadOnly());
  }

  @Test
  void loadedContentNoTierTakesIsReturnedButCountedAsRejected() {
    try (TieredCache small = TieredCache.builder()
        .tier(SizeRule.below(100), "memory", TierConfig.parse("capacity=1KB")).build()) {
      ByteBuffer got = small.get(key, k -> content);
      assertEquals(content.length, got.remaining());
      assertEquals(1, small.stats().rejectedPuts());
      assertFalse(small.contains(key));
    }
  }

  /**
   * Starts {@link #CALLERS} threads calling {@code get(key, loader)}, waits until one runs the
   * loader and every other waits for it, then lets the loader finish.
   */
  private List<Future<ByteBuffer>> callAllAtOnce(TieredCache.Loader loader)
      throws InterruptedException {
    TieredCache.Loader blocking = k -> {
      loads.incrementAndGet();
      loading.countDown();
      if (!release.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the test never released the loader");
      }
      return loader.load(k);
    };
    List<Future<ByteBuffer>> results = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      results.add(threads.submit(() -> cache.get(key, blocking)));
    }
    assertTrue(loading.await(PATIENCE_SECONDS, TimeUnit.SECONDS),
        "none of " + CALLERS + " concurrent callers ran the loader within " + PATIENCE_SECONDS
            + " s");
    // The loader cannot finish before release, so every other caller ends up waiting for it.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
    while (cache.loadWaiters(key) < CALLERS - 1) {
      if (System.nanoTime() - deadline > 0) {
        fail("only " + cache.loadWaiters(key) + " of the " + (CALLERS - 1) + " other callers"
            + " joined the running load within " + PATIENCE_SECONDS + " s: a caller that misses"
            + " while a load of its key runs must wait for it, not load again nor return");
      }
      Thread.yield();
    }
    release.countDown();
    return results;
  }
}
