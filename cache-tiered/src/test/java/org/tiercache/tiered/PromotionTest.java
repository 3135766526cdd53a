package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.tiercache.tiered.MockTiers.buffer;
import static org.tiercache.tiered.MockTiers.content;
import static org.tiercache.tiered.MockTiers.tier;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/** Reads go fastest first, and a lower hit moves up to the tiers whose rules accept it. */
@ExtendWith(CapturedLog.class)
final class PromotionTest {
  private final CacheTier tiny = tier("tiny");
  private final CacheTier small = tier("small");
  private final CacheTier any = tier("any");
  private final TieredCache cache = TieredCache.builder()
      .tier(SizeRule.below("1KB"), tiny)
      .tier(SizeRule.below("10KB"), small)
      .tier(SizeRule.any(), any)
      .build();

  @Test
  void lowerHitIsPromotedToEveryUpperTierWhoseRuleAcceptsItsSize() {
    byte[] content = content(500);
    ContentKey key = ContentKey.sha256(content);
    when(any.get(key)).thenReturn(buffer(content));

    ByteBuffer got = cache.get(key);

    byte[] bytes = new byte[got.remaining()];
    got.get(bytes);
    assertArrayEquals(content, bytes);
    assertArrayEquals(content, promotedInto(tiny, key));
    assertArrayEquals(content, promotedInto(small, key));
  }

  @Test
  void hitIsNotPromotedToAnUpperTierWhoseRuleRefusesItsSize() {
    byte[] content = content(5000);
    ContentKey key = ContentKey.sha256(content);
    when(any.get(key)).thenReturn(buffer(content));

    assertNotNull(cache.get(key));

    verify(tiny, never()).put(any(ContentKey.class), any(ByteBuffer.class));
    verify(tiny, never()).put(any(ContentKey.class), any(byte[].class));
    assertArrayEquals(content, promotedInto(small, key));
  }

  @Test
  void hitInTheFastestTierReadsNoOtherAndPromotesNothing() {
    byte[] content = content(10);
    ContentKey key = ContentKey.sha256(content);
    when(tiny.get(key)).thenReturn(buffer(content));

    assertNotNull(cache.get(key));

    verify(small, never()).get(key);
    verify(any, never()).get(key);
    verify(tiny, never()).put(any(ContentKey.class), any(ByteBuffer.class));
  }

  @Test
  void hitInAMiddleTierIsPromotedAboveItOnly() {
    byte[] content = content(100);
    ContentKey key = ContentKey.sha256(content);
    when(small.get(key)).thenReturn(buffer(content));

    assertNotNull(cache.get(key));

    assertArrayEquals(content, promotedInto(tiny, key));
    verify(any, never()).get(key);
    verify(any, never()).put(any(ContentKey.class), any(ByteBuffer.class));
  }

  @Test
  void failedPromotionStillReturnsTheHitAndIsCounted(CapturedLog log) {
    byte[] content = content(100);
    ContentKey key = ContentKey.sha256(content);
    when(any.get(key)).thenReturn(buffer(content));
    when(tiny.put(eq(key), any(ByteBuffer.class))).thenThrow(new CacheException("broken"));

    assertNotNull(cache.get(key));

    assertEquals(1, cache.tierStats().get(0).failures());
    assertArrayEquals(content, promotedInto(small, key));
    assertEquals(1, cache.stats().hits());
    log.expect(Level.WARN, "tier 1 'tiny' of a tiered cache failed on put of " + key, "broken");
  }

  @Test
  void missReadsEveryTierAndIsCountedOnce() {
    ContentKey key = ContentKey.sha256(content(3));

    assertEquals(null, cache.get(key));

    verify(tiny).get(key);
    verify(small).get(key);
    verify(any).get(key);
    assertEquals(1, cache.stats().misses());
  }

  private static byte[] promotedInto(CacheTier tier, ContentKey key) {
    ArgumentCaptor<ByteBuffer> promoted = ArgumentCaptor.forClass(ByteBuffer.class);
    verify(tier).put(eq(key), promoted.capture());
    ByteBuffer buffer = promoted.getValue().duplicate();
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return bytes;
  }
}
