package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.tiercache.tiered.MockTiers.content;
import static org.tiercache.tiered.MockTiers.tier;

import java.nio.ByteBuffer;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.testlog.CapturedLog;

/** Where puts go, what the stack's whole-stack operations do, and what it counts. */
@ExtendWith(CapturedLog.class)
final class RoutingTest {
  private final CacheTier small = tier("small");
  private final CacheTier large = tier("large");

  private TieredCache stack(boolean writeThrough) {
    return TieredCache.builder()
        .tier(SizeRule.below(1024), small)
        .tier(SizeRule.any(), large)
        .writeThrough(writeThrough)
        .build();
  }

  @Test
  void putGoesToTheFirstTierWhoseRuleAcceptsTheSize() {
    TieredCache cache = stack(false);
    byte[] little = content(1023);
    byte[] big = content(1024);

    assertTrue(cache.put(ContentKey.sha256(little), little));
    assertTrue(cache.put(ContentKey.sha256(big), big));

    verify(small).put(ContentKey.sha256(little), little);
    verify(large, never()).put(ContentKey.sha256(little), little);
    verify(large).put(ContentKey.sha256(big), big);
    verify(small, never()).put(ContentKey.sha256(big), big);
    assertEquals(2, cache.stats().puts());
  }

  @Test
  void putFallsThroughToTheNextAcceptingTierWhenTheFirstRefuses() {
    TieredCache cache = stack(false);
    byte[] little = content(100);
    ContentKey key = ContentKey.sha256(little);
    when(small.put(key, little)).thenReturn(false);

    assertTrue(cache.put(key, little));

    verify(small).put(key, little);
    verify(large).put(key, little);
  }

  @Test
  void writeThroughPutsIntoEveryAcceptingTier() {
    TieredCache cache = stack(true);
    byte[] little = content(10);
    byte[] big = content(5000);

    cache.put(ContentKey.sha256(little), little);
    cache.put(ContentKey.sha256(big), big);

    verify(small).put(ContentKey.sha256(little), little);
    verify(large).put(ContentKey.sha256(little), little);
    verify(large).put(ContentKey.sha256(big), big);
    verify(small, never()).put(ContentKey.sha256(big), big);
    assertEquals(2, cache.stats().puts(), "a put written through counts once for the stack");
  }

  @Test
  void contentNoTierAcceptsIsRefusedVisiblyAndCounted() {
    TieredCache cache = TieredCache.builder()
        .tier(SizeRule.below(100), small)
        .tier(SizeRule.between(100, 1000), large)
        .build();
    byte[] huge = content(1000);

    assertFalse(cache.put(ContentKey.sha256(huge), huge));

    verify(small, never()).put(any(ContentKey.class), any(byte[].class));
    verify(large, never()).put(any(ContentKey.class), any(byte[].class));
    TierStats stats = cache.stats();
    assertEquals(1, stats.rejectedPuts());
    assertEquals(0, stats.puts());
  }

  @Test
  void contentEveryAcceptingTierRefusesIsCountedAsRejected() {
    TieredCache cache = stack(false);
    byte[] big = content(2000);
    when(large.put(ContentKey.sha256(big), big)).thenReturn(false);

    assertFalse(cache.put(ContentKey.sha256(big), big));

    assertEquals(1, cache.stats().rejectedPuts());
  }

  @Test
  void withWriteThroughATierThatThrowsOnPutFailsThePutAfterTheOthersWereTried() {
    TieredCache cache = stack(true);
    byte[] little = content(10);
    ContentKey key = ContentKey.sha256(little);
    when(small.put(key, little)).thenThrow(new CacheException("disk full"));

    CacheException e = assertThrows(CacheException.class, () -> cache.put(key, little),
        "write-through promised every accepting tier");

    verify(large).put(key, little);
    verify(large).remove(key);
    assertTrue(e.getMessage().contains("tier 1 'small' failed: disk full"), e.getMessage());
    assertEquals(1, cache.tierStats().get(0).failures());
    assertEquals(0, cache.tierStats().get(1).failures());
  }

  @Test
  void tierThatThrowsOnPutIsSkippedForTheNextAcceptingTierWithoutWriteThrough(CapturedLog log) {
    TieredCache cache = stack(false);
    byte[] little = content(10);
    ContentKey key = ContentKey.sha256(little);
    when(small.put(key, little)).thenThrow(new CacheException("disk full"));

    assertTrue(cache.put(key, little));

    verify(large).put(key, little);
    assertEquals(1, cache.stats().puts());
    log.expect(Level.WARN, "tier 1 'small' of a tiered cache failed on put of " + key, "disk full");
  }

  @Test
  void removeRemovesFromEveryTier() {
    TieredCache cache = stack(false);
    ContentKey key = ContentKey.sha256(content(5));
    when(large.remove(key)).thenReturn(true);

    assertTrue(cache.remove(key));

    verify(small).remove(key);
    verify(large).remove(key);
  }

  @Test
  void containsIsTrueWhenAnyTierHoldsTheKey() {
    TieredCache cache = stack(false);
    ContentKey key = ContentKey.sha256(content(5));
    assertFalse(cache.contains(key));
    when(large.contains(key)).thenReturn(true);
    assertTrue(cache.contains(key));
  }

  @Test
  void clearAndEvictExpiredReachEveryTier() {
    TieredCache cache = stack(false);
    when(small.evictExpired()).thenReturn(2L);
    when(large.evictExpired()).thenReturn(3L);

    cache.clear();

    verify(small).clear();
    verify(large).clear();
    assertEquals(5, cache.evictExpired());
  }

  @Test
  void occupancyAndCapacityAreTheSumsOverTheTiers() {
    TieredCache cache = stack(false);
    when(small.sizeBytes()).thenReturn(10L);
    when(large.sizeBytes()).thenReturn(32L);
    when(small.entryCount()).thenReturn(1L);
    when(large.entryCount()).thenReturn(4L);
    when(small.capacityBytes()).thenReturn(100L);
    when(large.capacityBytes()).thenReturn(Long.MAX_VALUE);
    when(small.stats()).thenReturn(new TierStats(7, 7, 7, 7, 1, 2, 5, 10, 1));
    when(large.stats()).thenReturn(new TierStats(9, 9, 9, 9, 3, 4, 6, 32, 4));

    assertEquals(42, cache.sizeBytes());
    assertEquals(5, cache.entryCount());
    assertEquals(Long.MAX_VALUE, cache.capacityBytes(), "the sum saturates");
    assertEquals(new TierStats(0, 0, 0, 0, 4, 6, 11, 42, 5), cache.stats(),
        "hits, misses, puts and rejected puts are the stack's own; the rest are sums");
  }

  @Test
  void stackCountsItsOwnHitsAndMisses() {
    TieredCache cache = stack(false);
    byte[] little = content(10);
    ContentKey key = ContentKey.sha256(little);
    when(small.get(key)).thenReturn(MockTiers.buffer(little));

    cache.get(key);
    cache.get(ContentKey.sha256(content(11)));

    assertEquals(1, cache.stats().hits());
    assertEquals(1, cache.stats().misses());
  }

  @Test
  void capabilitiesAreThoseEveryTierDeclares() {
    when(small.capabilities()).thenReturn(Set.of(TierCapability.PERSISTENT,
        TierCapability.STREAMING));
    when(large.capabilities()).thenReturn(Set.of(TierCapability.PERSISTENT,
        TierCapability.STREAMING, TierCapability.SHARED));

    assertEquals(Set.of(TierCapability.PERSISTENT, TierCapability.STREAMING),
        stack(false).capabilities());
  }

  @Test
  void theStackStreamsWhenEveryTierThatDoesNotHasABoundedRule() {
    when(large.capabilities()).thenReturn(Set.of(TierCapability.STREAMING));
    assertEquals(Set.of(TierCapability.STREAMING), stack(false).capabilities(),
        "small < 1024 holds content whole; everything larger streams into large");

    CacheTier wholeForAnySize = tier("whole");
    TieredCache unbounded = TieredCache.builder()
        .tier(SizeRule.any(), wholeForAnySize)
        .tier(SizeRule.any(), large)
        .build();
    assertEquals(Set.of(), unbounded.capabilities(),
        "a tier taking any size whole holds content of any size: the stack does not stream");
  }

  @Test
  void closeClosesTheTiersTheStackCreatedOnlyAndOnlyOnce() {
    CacheTier created = tier("created");
    CacheTierProvider provider = mock(CacheTierProvider.class);
    when(provider.id()).thenReturn("fake");
    when(provider.create(any(TierConfig.class))).thenReturn(created);
    TieredCache cache = TieredCache.builder()
        .tier(SizeRule.below(10), provider, TierConfig.defaults())
        .tier(SizeRule.any(), large)
        .build();

    cache.close();
    cache.close();

    verify(created, times(1)).close();
    verify(large, never()).close();
  }

  @Test
  void failureToCreateATierClosesTheTiersAlreadyCreated() {
    CacheTier created = tier("created");
    CacheTierProvider good = mock(CacheTierProvider.class);
    when(good.id()).thenReturn("good");
    when(good.create(any(TierConfig.class))).thenReturn(created);
    CacheTierProvider bad = mock(CacheTierProvider.class);
    when(bad.id()).thenReturn("bad");
    when(bad.create(any(TierConfig.class))).thenThrow(new CacheException("no such folder"));
    TieredCache.Builder builder = TieredCache.builder()
        .tier(SizeRule.below(10), good, TierConfig.defaults())
        .tier(SizeRule.any(), bad, TierConfig.parse("dir=/nowhere"));

    CacheException e = assertThrows(CacheException.class, builder::build);

    assertEquals("tier 2 'bad(dir=/nowhere)' of the tiered cache: no such folder", e.getMessage());
    verify(created).close();
  }

  @Test
  void buildWithoutTiersIsRefused() {
    assertThrows(IllegalStateException.class, () -> TieredCache.builder().build());
  }

  @Test
  void putOfABufferIsRoutedByItsRemainingBytesAndHandedOnAsABuffer() {
    TieredCache cache = stack(false);
    byte[] backing = content(3000);
    ByteBuffer window = ByteBuffer.wrap(backing, 100, 500);

    cache.put(ContentKey.sha256(content(1)), window);

    // As a buffer, not copied into an array first: a tier that copies copies once.
    verify(small).put(any(ContentKey.class), any(ByteBuffer.class));
    verify(small, never()).put(any(ContentKey.class), any(byte[].class));
    verify(large, never()).put(any(ContentKey.class), any(ByteBuffer.class));
    assertEquals(100, window.position());
  }
}
