package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class TierConfigTest {

  @Test
  void parsesTheStringForm() {
    TierConfig config = TierConfig.parse("capacity=50MB ttl=5m, dir=/var/cache/att");
    assertEquals(OptionalLong.of(50L * 1024 * 1024), config.capacityBytes());
    assertEquals(Optional.of(Duration.ofMinutes(5)), config.ttl());
    assertEquals(Map.of("dir", "/var/cache/att"), config.settings());
    assertSame(CacheClock.system(), config.clock());
  }

  @ParameterizedTest
  @CsvSource({
      "0, 0", "4096, 4096", "12B, 12", "1KB, 1024", "1kb, 1024", "2KiB, 2048", "50MB, 52428800",
      "1.5GB, 1610612736", "1TB, 1099511627776", "100 KB, 102400"})
  void parsesSizesInBinaryUnits(String text, long bytes) {
    assertEquals(bytes, TierConfig.parseBytes(text));
  }

  @ParameterizedTest
  @CsvSource({
      "250ms, PT0.25S", "30s, PT30S", "5m, PT5M", "1.5h, PT1H30M", "1d, PT24H", "PT5M, PT5M"})
  void parsesDurations(String text, String iso) {
    assertEquals(Duration.parse(iso), TierConfig.parseDuration(text));
  }

  @Test
  void namesTheKeyAndValueOfABadSetting() {
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("capacity=50XB"));
    assertTrue(e.getMessage().contains("'capacity'") && e.getMessage().contains("'50XB'"),
        e.getMessage());
    e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("ttl=5 minutes"));
    assertTrue(e.getMessage().contains("'ttl'"), e.getMessage());
    e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("ttl=-5m"));
    assertTrue(e.getMessage().contains("'-5m'"), e.getMessage());
    e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("ttl=0s"));
    assertTrue(e.getMessage().contains("positive"), e.getMessage());
  }

  @Test
  void refusesMalformedPairsAndRepeatedKeys() {
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("capacity"));
    assertTrue(e.getMessage().contains("'capacity'"), e.getMessage());
    e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("=5"));
    assertTrue(e.getMessage().contains("'=5'"), e.getMessage());
    e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("ttl=5m ttl=6m"));
    assertTrue(e.getMessage().contains("'ttl'"), e.getMessage());
    e = assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("Dir=/x"));
    assertTrue(e.getMessage().contains("'Dir'"), e.getMessage());
  }

  @Test
  void providerRefusesUnknownKeysNamingThem() {
    TierConfig config = TierConfig.parse("capacity=1MB colour=blue");
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class,
        () -> config.requireOnly("memory", Set.of()));
    assertTrue(e.getMessage().contains("'colour'") && e.getMessage().contains("'blue'")
        && e.getMessage().contains("'memory'"), e.getMessage());
    TierConfig known = TierConfig.parse("dir=/x");
    assertSame(known, known.requireOnly("disk", Set.of("dir")));
  }

  @Test
  void wrapsParserFailuresOfTierSettings() {
    TierConfig config = TierConfig.parse("fsync=sometimes");
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class,
        () -> config.get("fsync", v -> {
          if (!v.equals("always")) {
            throw new IllegalArgumentException("expected always");
          }
          return v;
        }));
    assertTrue(e.getMessage().contains("'fsync'") && e.getMessage().contains("'sometimes'"),
        e.getMessage());
  }

  @Test
  void stringFormRoundTrips() {
    TierConfig config = TierConfig.builder().capacity("10MB").ttl(Duration.ofSeconds(90))
        .set("dir", "/tmp/x").build();
    assertEquals(config, TierConfig.parse(config.toString()));
    assertEquals(config, config.toBuilder().build());
  }

  @Test
  void builderRefusesNegativeCapacityAndNonPositiveTtl() {
    assertThrows(IllegalArgumentException.class, () -> TierConfig.builder().capacity(-1));
    assertThrows(IllegalArgumentException.class,
        () -> TierConfig.builder().ttl(Duration.ZERO));
    assertEquals(7, TierConfig.defaults().capacityBytes(7));
  }
}
