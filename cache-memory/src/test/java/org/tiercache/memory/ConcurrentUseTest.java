package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.memory.internal.MemoryTierProvider;

/**
 * Several threads mix every operation on a small set of keys whose content is derived from the key,
 * so every hit can be checked; at quiescence every invariant must hold.
 */
final class ConcurrentUseTest {
  private static final int THREADS = 4;
  private static final int OPS_PER_THREAD = 50_000;
  private static final int KEYS = 64;
  private static final long CAPACITY = 16 * 1024;

  private static final byte[][] CONTENT = new byte[KEYS][];
  private static final ContentKey[] KEY = new ContentKey[KEYS];

  static {
    for (int k = 0; k < KEYS; k++) {
      // Sizes from 0 to about 2 KiB; the last key is larger than the capacity and always refused.
      int length = k == KEYS - 1 ? (int) CAPACITY + 1 : (k * 37) % 2048;
      byte[] content = new byte[length];
      for (int i = 0; i < length; i++) {
        content[i] = (byte) (k ^ (i * 13));
      }
      CONTENT[k] = content;
      KEY[k] = ContentKey.sha256(("content " + k).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** What the threads did, to compare with the tier's counters. */
  private final LongAdder gets = new LongAdder();
  private final LongAdder hits = new LongAdder();
  private final LongAdder stored = new LongAdder();
  private final LongAdder refused = new LongAdder();

  @Test
  void invariantsHoldAtQuiescenceWithoutTtl() throws Exception {
    try (CacheTier tier = new MemoryTierProvider()
        .create(TierConfig.builder().capacity(CAPACITY).build())) {
      hammer(tier, null);
      checkQuiescent(tier);
      checkStillExactLruForOneThread(tier);
    }
  }

  @Test
  void invariantsHoldAtQuiescenceWithTtlAndAMovingClock() throws Exception {
    AtomicLong now = new AtomicLong();
    try (CacheTier tier = new MemoryTierProvider().create(TierConfig.builder()
        .capacity(CAPACITY)
        .ttl(Duration.ofNanos(5_000))
        .clock(now::get)
        .build())) {
      hammer(tier, now);
      tier.evictExpired();
      checkQuiescent(tier);
      now.addAndGet(5_000);
      long held = tier.entryCount();
      assertEquals(held, tier.evictExpired(), "once the TTL has passed every entry expires");
      assertEquals(0, tier.sizeBytes());
      assertEquals(0, tier.entryCount());
    }
  }

  private void hammer(CacheTier tier, AtomicLong clock) throws Exception {
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    AtomicBoolean boundBroken = new AtomicBoolean();
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        long seed = 7919L * (t + 1);
        done.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          start.await();
          for (int op = 0; op < OPS_PER_THREAD; op++) {
            int k = random.nextInt(KEYS);
            int dice = random.nextInt(1000);
            if (dice < 600) {
              gets.increment();
              ByteBuffer content = tier.get(KEY[k]);
              if (content != null) {
                hits.increment();
                if (!content.equals(ByteBuffer.wrap(CONTENT[k]))) {
                  throw new AssertionError("wrong bytes for key " + k);
                }
              }
            } else if (dice < 900) {
              if (tier.put(KEY[k], CONTENT[k])) {
                stored.increment();
              } else {
                refused.increment();
              }
              if (tier.sizeBytes() > CAPACITY) {
                boundBroken.set(true);
              }
            } else if (dice < 960) {
              tier.remove(KEY[k]);
            } else if (dice < 990) {
              tier.contains(KEY[k]);
            } else if (dice < 998) {
              if (clock != null) {
                clock.addAndGet(random.nextInt(500));
              }
              tier.evictExpired();
            } else {
              tier.clear();
            }
          }
          return null;
        }));
      }
      for (Future<?> future : done) {
        future.get(5, TimeUnit.MINUTES); // a guard against a hang, not a timing assertion
      }
    } finally {
      pool.shutdownNow();
    }
    assertFalse(boundBroken.get(), "size went above the capacity after a put returned");
  }

  private void checkQuiescent(CacheTier tier) {
    long bytes = 0;
    long entries = 0;
    for (int k = 0; k < KEYS; k++) {
      if (tier.contains(KEY[k])) {
        entries++;
        bytes += CONTENT[k].length;
      }
    }
    assertEquals(bytes, tier.sizeBytes(), "size is the sum over the entries held");
    assertEquals(entries, tier.entryCount(), "count is the number of entries held");
    assertTrue(tier.sizeBytes() <= CAPACITY);
    TierStats stats = tier.stats();
    assertEquals(gets.sum(), stats.hits() + stats.misses());
    assertEquals(hits.sum(), stats.hits());
    assertEquals(stored.sum(), stats.puts());
    assertEquals(refused.sum(), stats.rejectedPuts());
    assertEquals(tier.sizeBytes(), stats.sizeBytes());
    assertEquals(tier.entryCount(), stats.entryCount());
  }

  /** Reads dropped or left in the buffer by the threads must not disturb a single thread after. */
  private static void checkStillExactLruForOneThread(CacheTier tier) {
    // Keys 1..8 take 37..296 bytes; fill the tier with them, touch them in reverse, then push them
    // out one by one with 2 KiB entries and check the order in which they go.
    tier.clear();
    for (int k = 1; k <= 8; k++) {
      tier.put(KEY[k], CONTENT[k]);
    }
    for (int round = 0; round < 5; round++) {
      for (int k = 8; k >= 1; k--) {
        tier.get(KEY[k]);
      }
    }
    long size = tier.sizeBytes();
    byte[] filler = new byte[(int) (CAPACITY - size)];
    tier.put(ContentKey.sha256(filler), filler);
    for (int k = 8; k >= 1; k--) {
      tier.put(ContentKey.sha256(new byte[] {(byte) k}), new byte[CONTENT[k].length]);
      for (int j = 1; j <= 8; j++) {
        assertEquals(j < k, tier.contains(KEY[j]), "after evicting for key " + k + ", key " + j);
      }
    }
  }
}
