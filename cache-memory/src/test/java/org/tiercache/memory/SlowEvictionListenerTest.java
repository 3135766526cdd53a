package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;

/**
 * An eviction listener that does not return holds up only the put that evicted: while it is stuck,
 * other threads' gets (enough to fill and drain their read-buffer stripes many times) and puts, even
 * puts that evict and drain every stripe, all complete.
 */
final class SlowEvictionListenerTest {
  private static final int ENTRY = 100;

  private static byte[] content(int seed) {
    byte[] content = new byte[ENTRY];
    content[0] = (byte) seed;
    content[1] = (byte) (seed >> 8);
    return content;
  }

  private static ContentKey key(int seed) {
    return ContentKey.sha256(content(seed));
  }

  @Test
  void aListenerThatDoesNotReturnDelaysNoOtherThreadsGetsOrPuts() throws Exception {
    CountDownLatch inListener = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean firstCall = new AtomicBoolean(true);
    CacheTier tier = new MemoryTierProvider().create(TierConfig.builder()
        .capacity(10 * ENTRY)
        .evictionListener((key, content) -> {
          if (!firstCall.compareAndSet(true, false)) {
            return; // only the first eviction is stuck
          }
          inListener.countDown();
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        })
        .build());
    for (int i = 0; i < 10; i++) {
      tier.put(key(i), content(i));
    }
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      Future<?> stuckPut = threads.submit(() -> tier.put(key(100), content(100)));
      inListener.await();

      Future<Integer> gets = threads.submit(() -> {
        int hits = 0;
        for (int round = 0; round < 200; round++) {
          for (int i = 1; i < 10; i++) { // key 0 was evicted by the stuck put
            byte[] got = tier.getBytes(key(i));
            assertArrayEquals(content(i), got, "a get while the listener is stuck");
            hits++;
          }
        }
        return hits;
      });
      // Guards against a hang, not timing assertions: a get or put waiting for the stuck listener
      // would never finish.
      assertEquals(1800, gets.get(5, TimeUnit.MINUTES));
      Future<Boolean> put = threads.submit(() -> tier.put(key(200), content(200)));
      assertTrue(put.get(5, TimeUnit.MINUTES), "a put that evicts while another put's listener is "
          + "stuck must complete");

      release.countDown();
      stuckPut.get(5, TimeUnit.MINUTES);
      assertEquals(10 * ENTRY, tier.sizeBytes());
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }
}
