package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.tiercache.tiered.MockTiers.content;
import static org.tiercache.tiered.MockTiers.tier;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.testlog.CapturedLog;

/**
 * A lost put is never reported as stored, nor as refused: a tier's failure reaches the caller with
 * its cause unless another tier kept the content without write-through.
 */
@ExtendWith(CapturedLog.class)
final class PutFailureTest {
  private static final String FOLDER = "/srv/full";
  private final CacheTier memory = tier("memory");
  private final CacheTier disk = tier("disk");
  private final byte[] little = content(100);
  private final ContentKey key = ContentKey.sha256(little);

  private TieredCache stack(boolean writeThrough) {
    return TieredCache.builder()
        .tier(SizeRule.below(1024), memory)
        .tier(SizeRule.any(), disk)
        .writeThrough(writeThrough)
        .build();
  }

  private static CacheException diskFull(ContentKey key) {
    return new CacheException("putting " + key + " into disk tier folder " + FOLDER + " failed",
        new IOException("No space left on device"));
  }

  @Test
  void contentNoTierStoredBecauseATierFailedThrowsNamingTheTierAndTheCause() {
    TieredCache cache = stack(false);
    CacheException full = diskFull(key);
    when(memory.put(key, little)).thenReturn(false);
    when(disk.put(key, little)).thenThrow(full);

    CacheException e = assertThrows(CacheException.class, () -> cache.put(key, little));

    assertSame(full, e.getCause());
    assertTrue(e.getMessage().startsWith("no tier stored " + key + " (100 bytes): tier 2 'disk'"
        + " failed: putting " + key + " into disk tier folder " + FOLDER + " failed: No space left"
        + " on device"), e.getMessage());
    assertEquals(1, cache.stats().rejectedPuts());
    assertEquals(0, cache.stats().puts());
    assertEquals(1, cache.tierStats().get(1).failures());
  }

  @Test
  void aRefusalByEveryTierIsStillAPlainFalse() {
    TieredCache cache = stack(false);
    when(memory.put(key, little)).thenReturn(false);
    when(disk.put(key, little)).thenReturn(false);

    assertFalse(cache.put(key, little));
    assertEquals(1, cache.stats().rejectedPuts());
  }

  @Test
  void everyFailureIsKeptTheFirstAsCauseTheOthersSuppressed() {
    TieredCache cache = stack(false);
    CacheException first = new CacheException("memory broke");
    CacheException second = diskFull(key);
    when(memory.put(key, little)).thenThrow(first);
    when(disk.put(key, little)).thenThrow(second);

    CacheException e = assertThrows(CacheException.class, () -> cache.put(key, little));

    assertSame(first, e.getCause());
    assertEquals(1, e.getSuppressed().length);
    assertSame(second, e.getSuppressed()[0]);
    assertTrue(e.getMessage().contains("also failed: tier 2 'disk'"), e.getMessage());
  }

  @Test
  void withoutWriteThroughAFailureAnotherTierMadeUpForIsAStoredPut(CapturedLog log) {
    TieredCache cache = stack(false);
    when(memory.put(key, little)).thenThrow(new CacheException("memory broke"));

    assertTrue(cache.put(key, little));

    verify(disk).put(key, little);
    assertEquals(1, cache.stats().puts());
    assertEquals(1, cache.tierStats().get(0).failures());
    log.expect(Level.WARN, "tier 1 'memory' of a tiered cache failed on put of " + key,
        "memory broke");
  }

  @Test
  void withWriteThroughAFailureOfThePersistentTierFailsThePutAndTakesBackTheMemoryCopy() {
    TieredCache cache = stack(true);
    when(disk.put(key, little)).thenThrow(diskFull(key));

    CacheException e = assertThrows(CacheException.class, () -> cache.put(key, little));

    verify(memory).put(key, little);
    verify(memory).remove(key);
    assertTrue(e.getMessage().startsWith("write-through of " + key + " (100 bytes) failed: tier 2"
        + " 'disk' failed: "), e.getMessage());
    assertTrue(e.getMessage().endsWith("; the copy in tier 1 'memory' was removed"),
        e.getMessage());
    assertEquals(1, cache.stats().rejectedPuts());
  }

  @Test
  void withWriteThroughARefusalByPolicyIsNoFailure() {
    TieredCache cache = stack(true);
    when(disk.put(key, little)).thenReturn(false);

    assertTrue(cache.put(key, little), "the disk tier refused by policy; memory holds it");
    verify(memory, never()).remove(any(ContentKey.class));
  }

  @Test
  void aCopyThatCannotBeTakenBackIsReportedBesideTheFailure() {
    TieredCache cache = stack(true);
    CacheException full = diskFull(key);
    CacheException stuck = new CacheException("memory cannot remove");
    when(disk.put(key, little)).thenThrow(full);
    when(memory.remove(key)).thenThrow(stuck);

    CacheException e = assertThrows(CacheException.class, () -> cache.put(key, little));

    assertSame(full, e.getCause());
    assertSame(stuck, e.getSuppressed()[0]);
    assertFalse(e.getMessage().contains("removed"), e.getMessage());
  }

  @Test
  void aRealMemoryTierHoldsNothingAfterAWriteThroughPutFailed() {
    when(disk.put(any(ContentKey.class), any(byte[].class))).thenThrow(diskFull(key));
    try (TieredCache cache = TieredCache.builder()
        .tier(SizeRule.below(1024), "memory", TierConfig.parse("capacity=1MB"))
        .tier(SizeRule.any(), disk)
        .writeThrough(true)
        .build()) {
      assertThrows(CacheException.class, () -> cache.put(key, little));
      assertFalse(cache.contains(key));
      assertEquals(0, cache.tierStats().get(0).stats().entryCount());
    }
  }

  @Test
  void aLoadStillReturnsItsContentWhenStoringItFails(CapturedLog log) {
    TieredCache cache = stack(true);
    when(disk.put(key, little)).thenThrow(diskFull(key));

    ByteBuffer loaded = cache.get(key, k -> little.clone());

    byte[] bytes = new byte[loaded.remaining()];
    loaded.get(bytes);
    assertArrayEquals(little, bytes);
    assertEquals(1, cache.stats().rejectedPuts());
    log.expect(Level.WARN, "loaded " + key + " but could not cache it");
  }
}
