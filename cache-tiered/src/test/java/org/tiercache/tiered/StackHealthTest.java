package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.Mockito.when;
import static org.tiercache.tiered.MockTiers.tier;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierHealth;

/** A stack's health from its tiers': down only when every tier is, degraded when any is not up. */
final class StackHealthTest {
  private static final Instant EARLY = Instant.parse("2026-11-30T10:00:00Z");
  private static final Instant LATE = Instant.parse("2026-11-30T11:00:00Z");
  private final CacheTier memory = tier("memory");
  private final CacheTier redis = tier("redis");
  private final CacheTier disk = tier("disk");
  private final TieredCache cache = TieredCache.builder()
      .tier(SizeRule.any(), memory)
      .tier(SizeRule.any(), redis)
      .tier(SizeRule.any(), disk)
      .build();

  @Test
  void isUpWhenEveryTierIs() {
    assertEquals(TierHealth.UP, cache.health());
    assertEquals(TierHealth.UP, cache.tierStats().get(1).health());
  }

  @Test
  void isDegradedWhenAnyTierIsNotUpNamingEachWithItsCause() {
    when(redis.health()).thenReturn(TierHealth.down("redis at h:6379 unavailable", LATE));
    when(disk.health()).thenReturn(TierHealth.degraded("disk tier folder /c: no space left", EARLY));

    assertEquals(TierHealth.degraded("tier 'redis' is down: redis at h:6379 unavailable; "
        + "tier 'disk' is degraded: disk tier folder /c: no space left", EARLY), cache.health());
    assertEquals(TierHealth.down("redis at h:6379 unavailable", LATE),
        cache.tierStats().get(1).health(), "each tier's own, in its report");
    assertEquals(TierHealth.UP, cache.tierStats().get(0).health());
  }

  @Test
  void isDownWhenEveryTierIsSinceTheLastWentDown() {
    when(memory.health()).thenReturn(TierHealth.down("a", EARLY));
    when(redis.health()).thenReturn(TierHealth.down("b", LATE));
    when(disk.health()).thenReturn(TierHealth.down("c", EARLY));

    assertEquals(TierHealth.down("tier 'memory' is down: a; tier 'redis' is down: b; "
        + "tier 'disk' is down: c", LATE), cache.health());
  }

  @Test
  void sinceIsUnknownWhenATierThatIsNotUpGivesNone() {
    when(redis.health()).thenReturn(TierHealth.degraded("full", null));
    when(disk.health()).thenReturn(TierHealth.degraded("repaired", EARLY));

    assertEquals(null, cache.health().since());
  }

  @Test
  void aTierWhoseHealthThrowsIsTakenForDown() {
    when(redis.health()).thenThrow(new CacheException("redis://user:pw@h:6379 broke"));

    TierHealth health = cache.health();
    assertEquals(TierHealth.Status.DEGRADED, health.status());
    assertEquals("tier 'redis' is down: health() failed: org.tiercache.api.CacheException: "
        + "redis://***@h:6379 broke", health.cause(), "and its secret masked");
  }

  @Test
  void twoTiersWithOneIdAreNamedApart() {
    CacheTier first = tier("disk");
    CacheTier second = tier("disk");
    when(first.health()).thenReturn(TierHealth.down("x", null));
    when(second.health()).thenReturn(TierHealth.down("y", null));
    TieredCache twoDisks = TieredCache.builder()
        .tier(SizeRule.any(), first).tier(SizeRule.any(), second).build();

    assertEquals(TierHealth.down("tier 'disk' is down: x; tier 'disk#2' is down: y", null),
        twoDisks.health());
  }
}
