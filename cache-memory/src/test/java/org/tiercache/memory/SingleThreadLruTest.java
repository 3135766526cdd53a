package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;

/**
 * Gets are recorded in a read buffer and applied later, by writers and by drains on another thread;
 * these tests pin that a single thread still sees exact LRU order however many gets it makes
 * between writes (a stripe's ring holds 128, more overflow).
 */
final class SingleThreadLruTest {
  private static final int ENTRY_BYTES = 100;

  private static byte[] contentOf(int index, int length) {
    byte[] content = new byte[length];
    for (int i = 0; i < length; i++) {
      content[i] = (byte) (index * 31 + i);
    }
    return content;
  }

  private static ContentKey keyOf(int index) {
    return ContentKey.sha256(("key " + index).getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void manyMoreGetsThanAStripeHoldsStillEvictTheLeastRecentlyUsed() {
    int entries = 10;
    try (CacheTier tier = tier(entries * ENTRY_BYTES)) {
      for (int i = 0; i < entries; i++) {
        tier.put(keyOf(i), contentOf(i, ENTRY_BYTES));
      }
      // 100 rounds touching every key but 3, in a fixed order: 900 gets, several full rings, drains
      // on the common pool while the gets go on, and overflows when they lag.
      for (int round = 0; round < 100; round++) {
        for (int i = 0; i < entries; i++) {
          if (i != 3) {
            tier.get(keyOf(i));
          }
        }
      }
      tier.put(keyOf(100), contentOf(100, ENTRY_BYTES));
      assertFalse(tier.contains(keyOf(3)), "the one key never read goes first");
      tier.put(keyOf(101), contentOf(101, ENTRY_BYTES));
      assertFalse(tier.contains(keyOf(0)), "then the key read longest ago");
      for (int i = 1; i < entries; i++) {
        if (i != 3) {
          assertTrue(tier.contains(keyOf(i)), "key " + i);
        }
      }
    }
  }

  @Test
  void longRunsOfGetsAreAppliedInTheOrderTheyWereMade() {
    int entries = 40;
    try (CacheTier tier = tier(entries * ENTRY_BYTES)) {
      for (int i = 0; i < entries; i++) {
        tier.put(keyOf(i), contentOf(i, ENTRY_BYTES));
      }
      // Read them all in reverse: 40 gets, more than two stripes' worth, with no write between.
      for (int i = entries - 1; i >= 0; i--) {
        tier.get(keyOf(i));
      }
      // Now key 39 is the least recently used, then 38, ...: each new put evicts exactly the next.
      for (int n = 0; n < entries; n++) {
        tier.put(keyOf(1000 + n), contentOf(1000 + n, ENTRY_BYTES));
        int evicted = entries - 1 - n;
        assertFalse(tier.contains(keyOf(evicted)), "put " + n + " evicts key " + evicted);
        if (evicted > 0) {
          assertTrue(tier.contains(keyOf(evicted - 1)), "and only it");
        }
      }
    }
  }

  /**
   * A random single-threaded sequence of gets, puts of varied sizes, removes and contains, checked
   * step by step against a byte-bounded access-ordered {@link LinkedHashMap}.
   */
  @Test
  void randomSequenceMatchesAReferenceLruExactly() {
    long capacity = 4_000;
    int keys = 60;
    SplittableRandom random = new SplittableRandom(20240611L);
    LinkedHashMap<Integer, byte[]> model = new LinkedHashMap<>(16, 0.75f, true);
    long modelBytes = 0;
    long evictions = 0;
    try (CacheTier tier = tier(capacity)) {
      for (int step = 0; step < 20_000; step++) {
        int k = random.nextInt(keys);
        int op = random.nextInt(100);
        if (op < 60) {
          byte[] expected = model.get(k);
          byte[] actual = tier.getBytes(keyOf(k));
          if (expected == null) {
            assertNull(actual, "step " + step);
          } else {
            assertArrayEquals(expected, actual, "step " + step);
          }
        } else if (op < 90) {
          // Sizes from 0 to a little over the capacity, so some puts are refused.
          int length = random.nextInt(20) == 0 ? (int) capacity + 1 : random.nextInt(900);
          byte[] content = contentOf(k * 7 + step, length);
          boolean stored = tier.put(keyOf(k), content);
          if (length > capacity) {
            assertFalse(stored);
          } else {
            assertTrue(stored);
            byte[] old = model.remove(k);
            if (old != null) {
              modelBytes -= old.length;
            }
            Iterator<Map.Entry<Integer, byte[]>> eldest = model.entrySet().iterator();
            while (modelBytes + length > capacity) {
              modelBytes -= eldest.next().getValue().length;
              eldest.remove();
              evictions++;
            }
            model.put(k, content);
            modelBytes += length;
          }
        } else if (op < 95) {
          byte[] old = model.remove(k);
          if (old != null) {
            modelBytes -= old.length;
          }
          assertEquals(old != null, tier.remove(keyOf(k)), "step " + step);
        } else {
          assertEquals(model.containsKey(k), tier.contains(keyOf(k)), "step " + step);
        }
        assertEquals(modelBytes, tier.sizeBytes(), "size after step " + step);
        assertEquals(model.size(), tier.entryCount(), "count after step " + step);
        if (step % 500 == 0) {
          List<Integer> present = new ArrayList<>();
          for (int i = 0; i < keys; i++) {
            if (tier.contains(keyOf(i))) {
              present.add(i);
            }
          }
          assertEquals(model.keySet().stream().sorted().toList(), present, "step " + step);
        }
      }
      assertEquals(evictions, tier.stats().evictions());
    }
  }

  private static CacheTier tier(long capacity) {
    return new MemoryTierProvider().create(TierConfig.builder().capacity(capacity).build());
  }
}
