package org.tiercache.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tiercache.api.ContentKey;

/**
 * Every thread on one read-buffer stripe: reads race for slots (and retry), find the ring full
 * while another thread drains or writes (and overflow), and are drained after their node was
 * removed, with drains running on the common pool at the same time. None of that may break the accounting, return wrong bytes, or leave a stale read that
 * disturbs a single thread afterwards.
 */
final class OneStripeContentionTest {
  private static final int KEYS = 32;
  private static final long CAPACITY = 8 * 1024;

  private static byte[] contentOf(int k) {
    byte[] content = new byte[(k * 97) % 1500];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (k + i);
    }
    return content;
  }

  private static ContentKey keyOf(int k) {
    return ContentKey.sha256(("k" + k).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void sharedStripeKeepsEveryInvariant() throws Exception {
    MemoryTier tier = new MemoryTier(CAPACITY, null, () -> 0L, null, 1, ForkJoinPool.commonPool());
    int threads = 4;
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long seed = 31L * (t + 1);
        done.add(pool.submit(() -> {
          SplittableRandom random = new SplittableRandom(seed);
          start.await();
          for (int op = 0; op < 40_000; op++) {
            int k = random.nextInt(KEYS);
            int dice = random.nextInt(100);
            if (dice < 80) {
              ByteBuffer got = tier.get(keyOf(k));
              if (got != null && !got.equals(ByteBuffer.wrap(contentOf(k)))) {
                throw new AssertionError("wrong bytes for key " + k);
              }
            } else if (dice < 95) {
              tier.put(keyOf(k), contentOf(k));
            } else {
              tier.remove(keyOf(k));
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

    long bytes = 0;
    long entries = 0;
    for (int k = 0; k < KEYS; k++) {
      if (tier.contains(keyOf(k))) {
        bytes += contentOf(k).length;
        entries++;
      }
    }
    assertEquals(bytes, tier.sizeBytes());
    assertEquals(entries, tier.entryCount());
    assertTrue(tier.sizeBytes() <= CAPACITY);

    // Whatever the threads left in the stripe, one thread now gets exact LRU: fill with keys 1..4,
    // read them 4, 3, 2, 1 (more reads than the stripe holds), and push them out with one filler.
    tier.clear();
    for (int k = 1; k <= 4; k++) {
      tier.put(keyOf(k), contentOf(k));
    }
    for (int round = 0; round < 6; round++) {
      for (int k = 4; k >= 1; k--) {
        tier.get(keyOf(k));
      }
    }
    byte[] filler = new byte[(int) (CAPACITY - tier.sizeBytes() + contentOf(4).length)];
    tier.put(ContentKey.sha256(filler), filler);
    assertFalse(tier.contains(keyOf(4)), "the key read longest ago goes, and only it");
    for (int k = 1; k <= 3; k++) {
      assertTrue(tier.contains(keyOf(k)), "key " + k);
    }
  }
}
