package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;

/**
 * Settings at and past every limit, from the string form: the provider creates a working tier or
 * refuses with a {@link CacheException} naming the setting, never another exception.
 */
final class MemoryTierProviderExtremeSettingsTest {
  private static final List<String> SIZE_UNITS = List.of("", "B", "KB", "MB", "GB", "TB", "PB");
  private static final List<String> DURATION_UNITS = List.of("ms", "s", "m", "h", "d", "y");

  @Test
  void randomExtremeCapacitiesAndTtlsCreateAWorkingTierOrAreRefusedNamingTheSetting() {
    SplittableRandom random = new SplittableRandom(4242);
    byte[] content = {1, 2, 3};
    ContentKey key = ContentKey.sha256(content);
    for (int i = 0; i < 3_000; i++) {
      String capacity = number(random) + SIZE_UNITS.get(random.nextInt(SIZE_UNITS.size()));
      String ttl = random.nextInt(3) == 0
          ? "PT" + number(random) + "S"
          : number(random) + DURATION_UNITS.get(random.nextInt(DURATION_UNITS.size()));
      String text = "capacity=" + capacity + " ttl=" + ttl;
      CacheTier tier;
      try {
        TierConfig config = TierConfig.parse(text).toBuilder().clock(() -> 1_000L).build();
        tier = new MemoryTierProvider().create(config);
      } catch (CacheException e) {
        assertTrue(e.getMessage().contains("'capacity'") || e.getMessage().contains("'ttl'"),
            e.getMessage());
        continue;
      } catch (RuntimeException e) {
        fail(text + " threw " + e + " instead of a CacheException", e);
        return;
      }
      try (tier) {
        long bytes = TierConfig.parseBytes(capacity);
        assertEquals(bytes, tier.capacityBytes(), text);
        assertEquals(bytes >= content.length, tier.put(key, content), text);
        if (bytes >= content.length) {
          assertNotNull(tier.get(key), () -> text + ": an entry of age 0 is live whatever the ttl");
        }
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
