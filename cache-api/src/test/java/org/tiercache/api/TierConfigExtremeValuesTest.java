package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sizes and durations at and past every limit: each is either read or refused with the documented
 * exception naming the key and the value, never an {@link ArithmeticException} or a wrong number.
 */
final class TierConfigExtremeValuesTest {
  private static final int TRIES = 5_000;

  @ParameterizedTest
  @ValueSource(strings = {"PT9223372036854775807S", "P1000000000000D", "P106752D",
      "PT2562047H47M16.854775808S", "PT9223372036854775808S", "9223372036854775807d",
      "99999999999999999999999999999999999999999999999999999999999999999999999999999999999m",
      "1000000000000000000000000000000000000000000000000000000000000000000000000000000000000s"})
  void aTtlTooLongForTheClockIsRefusedNamingIt(String ttl) {
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("ttl=" + ttl));
    assertTrue(e.getMessage().contains("'ttl'") && e.getMessage().contains(ttl), e.getMessage());
    assertThrows(CacheConfigurationException.class, () -> TierConfig.parseDuration(ttl));
  }

  @Test
  void theLongestTtlIsLongMaxValueNanoseconds() {
    Duration longest = Duration.ofNanos(Long.MAX_VALUE);
    assertEquals(longest, TierConfig.parse("ttl=" + longest).ttl().orElseThrow());
    assertEquals(longest, TierConfig.builder().ttl(longest).build().ttl().orElseThrow());
    assertThrows(IllegalArgumentException.class,
        () -> TierConfig.builder().ttl(longest.plusNanos(1)));
    assertThrows(IllegalArgumentException.class,
        () -> TierConfig.builder().ttl(Duration.ofSeconds(Long.MAX_VALUE)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"9999999TB", "8388608TB", "9223372036854775807KB",
      "99999999999999999999B", "100000000000000000000000000000000000000000000000000000000",
      "-1", "-1KB", "NaN", "Infinity", "1e9",
      "0x10", "1_000", "١٢KB", "1.5.5MB", "", " ", "MB", "5XB", "1 2 KB"})
  void aSizeOutOfRangeOrMalformedIsRefusedNamingIt(String capacity) {
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class,
        () -> TierConfig.builder().set("capacity", capacity));
    assertTrue(e.getMessage().contains("'capacity'"), e.getMessage());
    assertThrows(CacheConfigurationException.class, () -> TierConfig.parseBytes(capacity));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0s", "0ms", "0.0000001ms", "PT0S", "PT-5S", "-PT5S", "-5m", "NaN",
      "Infinity", "P", "PT", "5", "5 minutes", "1e3s", "5M"})
  void aTtlThatIsNotPositiveOrMalformedIsRefused(String ttl) {
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class,
        () -> TierConfig.builder().set("ttl", ttl));
    assertTrue(e.getMessage().contains("'ttl'"), e.getMessage());
  }

  @Test
  void randomExtremeSizesAndDurationsAreReadOrRefusedAsDocumented() {
    SplittableRandom random = new SplittableRandom(20_261_130);
    List<String> sizeUnits = List.of("", "B", "KB", "kb", "MiB", "G", "GB", "TB", "TiB", "PB", "x");
    List<String> durationUnits = List.of("ms", "s", "m", "h", "d", "w", "");
    for (int i = 0; i < TRIES; i++) {
      String number = extremeNumber(random);
      String size = number + sizeUnits.get(random.nextInt(sizeUnits.size()));
      String duration = random.nextInt(3) == 0
          ? isoDuration(random)
          : number + durationUnits.get(random.nextInt(durationUnits.size()));
      readOrRefused("capacity", size);
      readOrRefused("ttl", duration);
    }
  }

  private static void readOrRefused(String key, String value) {
    TierConfig config;
    try {
      config = TierConfig.builder().set(key, value).build();
    } catch (CacheConfigurationException e) {
      assertTrue(e.getMessage().contains("'" + key + "'"), e.getMessage());
      return;
    } catch (RuntimeException e) {
      fail(key + "=" + value + " threw " + e + " instead of a CacheConfigurationException", e);
      return;
    }
    if (key.equals("capacity")) {
      long bytes = config.capacityBytes().orElseThrow();
      assertTrue(bytes >= 0, () -> value + " read as " + bytes);
    } else {
      Duration ttl = config.ttl().orElseThrow();
      assertTrue(ttl.toNanos() > 0, () -> value + " read as " + ttl);
    }
    assertEquals(config, TierConfig.parse(config.toSpecString()), value);
  }

  private static String extremeNumber(SplittableRandom random) {
    return switch (random.nextInt(8)) {
      case 0 -> Long.toString(Long.MAX_VALUE - random.nextInt(3));
      case 1 -> Long.toString(Long.MAX_VALUE) + random.nextInt(10);
      case 2 -> "0";
      case 3 -> "0." + "0".repeat(random.nextInt(30)) + (1 + random.nextInt(9));
      case 4 -> "9".repeat(1 + random.nextInt(400));
      case 5 -> Long.toString(random.nextLong(1L << 24)) + "." + random.nextInt(1000);
      case 6 -> "-" + random.nextInt(1000);
      default -> Long.toString(random.nextLong(Long.MAX_VALUE));
    };
  }

  private static String isoDuration(SplittableRandom random) {
    long amount = switch (random.nextInt(4)) {
      case 0 -> Long.MAX_VALUE - random.nextInt(3);
      case 1 -> random.nextLong(Long.MAX_VALUE);
      case 2 -> -random.nextInt(1000);
      default -> random.nextInt(1_000_000);
    };
    return switch (random.nextInt(4)) {
      case 0 -> "PT" + amount + "S";
      case 1 -> "P" + amount + "D";
      case 2 -> "PT" + amount + "H";
      default -> "PT" + amount + "." + random.nextInt(1_000_000_000) + "S";
    };
  }
}
