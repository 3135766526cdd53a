package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;

/** The string form: what it builds, and errors that name the fragment at fault. */
final class SpecTest {
  private static final String ISSUE_EXAMPLE =
      "memory(capacity=50MB,ttl=5m) < 100KB ; disk(dir=/var/cache/att,capacity=500MB,ttl=1h)";

  @Test
  void parsesTheIssuesExample() {
    TieredCacheSpec spec = TieredCacheSpec.parse(ISSUE_EXAMPLE);
    assertEquals(List.of("memory", "disk"), spec.tierIds());
    assertFalse(spec.writeThrough());
    assertFalse(spec.spill());
    assertEquals(ISSUE_EXAMPLE, spec.toString());
  }

  @Test
  void optionsMayLeadOrTrailAndTakeExplicitValues() {
    TieredCacheSpec leading = TieredCacheSpec.parse("options(write-through, spill) ; memory");
    assertTrue(leading.writeThrough());
    assertTrue(leading.spill());
    TieredCacheSpec trailing =
        TieredCacheSpec.parse("memory ; options(write-through=false,spill=true)");
    assertFalse(trailing.writeThrough());
    assertTrue(trailing.spill());
    assertEquals(List.of("memory"), trailing.tierIds());
  }

  @Test
  void buildsAStackWithTheRulesAndSettingsWritten() {
    try (TieredCache cache = TieredCache.fromSpec(
        "memory(capacity=1KB) < 100 ;\n memory(capacity=2KB, ttl=5m) 100..1KB ; memory >= 1KB")) {
      List<TierReport> tiers = cache.tierStats();
      assertEquals(List.of("memory", "memory#2", "memory#3"),
          tiers.stream().map(TierReport::name).toList());
      assertEquals(SizeRule.below(100), tiers.get(0).rule());
      assertEquals(SizeRule.between(100, 1024), tiers.get(1).rule());
      assertEquals(SizeRule.atLeast(1024), tiers.get(2).rule());
      assertEquals(1024 + 2048 + (64L << 20), cache.capacityBytes(),
          "the third tier has the memory provider's default capacity");

      byte[] middle = MockTiers.content(500);
      assertTrue(cache.put(ContentKey.sha256(middle), middle));
      assertEquals(1, cache.tierStats().get(1).stats().entryCount());
    }
  }

  @Test
  void tierWithoutARuleTakesEverySize() {
    try (TieredCache cache = TieredCache.fromSpec("memory(capacity=1MB)")) {
      assertEquals(SizeRule.any(), cache.tierStats().get(0).rule());
    }
  }

  @Test
  void aSemicolonInsideSettingsDoesNotSplitTheElement() {
    TieredCacheSpec spec = TieredCacheSpec.parse("disk(dir=/tmp/a;b) ; memory");
    assertEquals(List.of("disk", "memory"), spec.tierIds());
  }

  @Test
  void unknownIdFailsListingTheIdsFoundAndNamingTheFragment() {
    TieredCache.Builder builder =
        TieredCacheSpec.parse("memory(capacity=1MB) < 1KB ; redis(host=localhost)").toBuilder();
    CacheException e = assertThrows(CacheException.class, builder::build);
    assertTrue(e.getMessage().contains("tier 2 'redis(host=localhost)'"), e.getMessage());
    assertTrue(e.getMessage().contains("no tier provider with id 'redis'"), e.getMessage());
    assertTrue(e.getMessage().contains("ids found: disk, memory"), e.getMessage());
  }

  @Test
  void settingAProviderRefusesFailsNamingTheFragmentAndTheSetting() {
    CacheException e = assertThrows(CacheException.class,
        () -> TieredCache.fromSpec("memory(capacity=1MB, dir=/tmp) < 1KB"));
    assertTrue(e.getMessage().contains("'memory(capacity=1MB, dir=/tmp) < 1KB'"), e.getMessage());
    assertTrue(e.getMessage().contains("unknown setting 'dir'"), e.getMessage());
  }

  @Test
  void malformedFragmentsAreNamed() {
    assertNamesFragment("memory(capacity=1MB) << 5KB", "memory(capacity=1MB) << 5KB",
        "invalid size rule '<< 5KB'");
    assertNamesFragment("memory(capacity=lots) ; disk(dir=/x)", "memory(capacity=lots)",
        "'capacity'");
    assertNamesFragment("memory(capacity=1MB ; disk(dir=/x)", "memory(capacity=1MB ; disk(dir=/x)",
        "never closed");
    assertNamesFragment("memory) ; disk", "memory)", "without a matching '('");
    assertNamesFragment("memory ; options(spill, compress)", "compress", "unknown option");
    assertNamesFragment("options(spill) ; memory ; options(write-through)",
        "options(write-through)", "given twice");
    assertNamesFragment("memory ; options(spill=yes)", "spill=yes", "true or false");
    assertNamesFragment("Memory(capacity=1MB)", "Memory(capacity=1MB)", "provider id");
    assertNamesFragment("memory(capacity=1MB) (ttl=5m)", "memory(capacity=1MB) (ttl=5m)",
        "unexpected '(ttl=5m)'");
    assertNamesFragment("memory ; disk capacity=1MB", "disk capacity=1MB",
        "invalid size rule 'capacity=1MB'");
  }

  @Test
  void specNamingNoTierIsRefused() {
    CacheException e = assertThrows(CacheException.class, () -> TieredCacheSpec.parse(" ; "));
    assertTrue(e.getMessage().contains("names no tier"), e.getMessage());
    assertThrows(CacheException.class, () -> TieredCacheSpec.parse("options(spill)"));
  }

  private static void assertNamesFragment(String spec, String fragment, String why) {
    CacheException e = assertThrows(CacheException.class, () -> TieredCacheSpec.parse(spec), spec);
    assertTrue(e.getMessage().contains("at '" + fragment + "'"),
        () -> "message must name '" + fragment + "': " + e.getMessage());
    assertTrue(e.getMessage().contains(why), () -> "message must say " + why + ": "
        + e.getMessage());
  }
}
