package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * The {@code tiered} provider and the string form given settings at and past every limit: a working
 * stack or a {@link CacheException} naming the setting, never another exception.
 */
final class TieredProviderExtremeSettingsTest {
  private static final List<String> SIZE_UNITS = List.of("", "B", "KB", "MB", "GB", "TB", "PB");
  private static final List<String> DURATION_UNITS = List.of("ms", "s", "m", "h", "d", "y");

  @Test
  void randomExtremeSettingsBuildAWorkingStackOrAreRefusedNamingTheSetting() {
    SplittableRandom random = new SplittableRandom(2026);
    CacheTierProvider tiered = TierDiscovery.scan().provider("tiered");
    byte[] content = {7, 7, 7};
    ContentKey key = ContentKey.sha256(content);
    for (int i = 0; i < 2_000; i++) {
      String capacity = number(random) + SIZE_UNITS.get(random.nextInt(SIZE_UNITS.size()));
      String ttl = random.nextInt(3) == 0
          ? "P" + number(random) + "D"
          : number(random) + DURATION_UNITS.get(random.nextInt(DURATION_UNITS.size()));
      String rule = random.nextBoolean() ? "< " + capacity : ">= " + number(random) + "KB";
      String spec = "memory(capacity=" + capacity + ",ttl=" + ttl + ") " + rule
          + " ; memory(capacity=1KB)";
      boolean viaSpec = random.nextBoolean();
      CacheTier stack;
      try {
        stack = viaSpec
            ? tiered.create(TierConfig.builder().set("spec", spec).build())
            : tiered.create(TierConfig.parse("capacity=" + capacity + " ttl=" + ttl));
      } catch (CacheException e) {
        assertTrue(e.getMessage().contains("'capacity'") || e.getMessage().contains("'ttl'")
            || e.getMessage().contains("size rule"), e.getMessage());
        continue;
      } catch (RuntimeException e) {
        fail((viaSpec ? spec : capacity + " " + ttl) + " threw " + e
            + " instead of a CacheException", e);
        return;
      }
      try (stack) {
        // A ttl of a few nanoseconds on the system clock may expire the entry at once: what must
        // hold is that the stack works, within its bound.
        stack.put(key, content);
        stack.get(key);
        assertTrue(stack.sizeBytes() <= stack.capacityBytes(), spec);
      }
    }
  }

  private static String number(SplittableRandom random) {
    return switch (random.nextInt(7)) {
      case 0 -> Long.toString(Long.MAX_VALUE - random.nextInt(3));
      case 1 -> Long.toString(Long.MAX_VALUE) + random.nextInt(10);
      case 2 -> "0";
      case 3 -> "0.000" + (1 + random.nextInt(9));
      case 4 -> "9".repeat(1 + random.nextInt(40));
      case 5 -> "-" + random.nextInt(100);
      default -> Long.toString(random.nextLong(1L << 40));
    };
  }
}
