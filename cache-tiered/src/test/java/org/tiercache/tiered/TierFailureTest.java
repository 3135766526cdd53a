package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.tiercache.tiered.MockTiers.buffer;
import static org.tiercache.tiered.MockTiers.content;
import static org.tiercache.tiered.MockTiers.tier;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/** One broken tier does not break the stack: reads go on, failures are counted. */
@ExtendWith(CapturedLog.class)
final class TierFailureTest {
  private final CacheTier broken = tier("broken");
  private final CacheTier working = tier("working");
  private final TieredCache cache = TieredCache.builder()
      .tier(SizeRule.any(), broken)
      .tier(SizeRule.any(), working)
      .build();

  @Test
  void tierThatThrowsOnGetIsAMissCountedAndTheOthersStillServe(CapturedLog log) {
    byte[] content = content(64);
    ContentKey key = ContentKey.sha256(content);
    when(broken.get(key)).thenThrow(new CacheException("I/O error reading entry"));
    when(working.get(key)).thenReturn(buffer(content));

    assertArrayEquals(content, cache.getBytes(key));

    assertEquals(1, cache.tierStats().get(0).failures());
    assertEquals(0, cache.tierStats().get(1).failures());
    assertEquals(1, cache.stats().hits(), "the stack answered the get");
    assertEquals(0, cache.stats().misses());
    log.expect(Level.WARN, "tier 1 'broken' of a tiered cache failed on get of " + key,
        "I/O error reading entry", "the stack carries on without it");
  }

  @Test
  void everyFailureIsCountedNotJustTheFirstOfAStreak(CapturedLog log) {
    ContentKey key = ContentKey.sha256(content(8));
    when(broken.get(key)).thenThrow(new UncheckedIOException(new IOException("gone")));

    for (int i = 0; i < 3; i++) {
      assertNull(cache.get(key));
    }

    assertEquals(3, cache.tierStats().get(0).failures());
    assertEquals(3, cache.stats().misses());
    assertEquals(1, log.expectAll(Level.WARN, "failed on get of " + key, "gone").size(),
        "a streak of failures is logged once");
  }

  @Test
  void aSuccessBetweenFailuresKeepsTheCount(CapturedLog log) {
    ContentKey key = ContentKey.sha256(content(8));
    when(broken.get(key))
        .thenThrow(new CacheException("flaky"))
        .thenReturn(null)
        .thenThrow(new CacheException("flaky again"));

    cache.get(key);
    cache.get(key);
    cache.get(key);

    assertEquals(2, cache.tierStats().get(0).failures());
    log.expect(Level.WARN, "failed on get of " + key, "flaky;");
    log.expect(Level.WARN, "failed on get of " + key, "flaky again");
  }

  @Test
  void containsTreatsAThrowingTierAsNotHoldingTheKey(CapturedLog log) {
    ContentKey key = ContentKey.sha256(content(8));
    when(broken.contains(key)).thenThrow(new CacheException("broken"));
    assertFalse(cache.contains(key));
    when(working.contains(key)).thenReturn(true);
    assertTrue(cache.contains(key));
    assertEquals(2, cache.tierStats().get(0).failures());
    log.expect(Level.WARN, "tier 1 'broken' of a tiered cache failed on contains of " + key);
  }

  @Test
  void removeGoesThroughEveryTierThenReportsTheFailure() {
    ContentKey key = ContentKey.sha256(content(8));
    CacheException cause = new CacheException("read-only file system");
    when(broken.remove(key)).thenThrow(cause);

    CacheException e = assertThrows(CacheException.class, () -> cache.remove(key));

    verify(working).remove(key);
    assertSame(cause, e.getCause());
    assertTrue(e.getMessage().contains("'broken'"), e.getMessage());
    assertEquals(1, cache.tierStats().get(0).failures());
  }

  @Test
  void evictExpiredSkipsAThrowingTierAndCountsIt(CapturedLog log) {
    when(broken.evictExpired()).thenThrow(new CacheException("broken"));
    when(working.evictExpired()).thenReturn(4L);

    assertEquals(4, cache.evictExpired());
    assertEquals(1, cache.tierStats().get(0).failures());
    log.expect(Level.WARN, "tier 1 'broken' of a tiered cache failed on evictExpired: broken");
  }

  @Test
  void tierReportsNameEachTierInStackOrder() {
    assertEquals("broken", cache.tierStats().get(0).name());
    assertEquals("working", cache.tierStats().get(1).name());
    assertEquals(SizeRule.any(), cache.tierStats().get(1).rule());
  }
}
