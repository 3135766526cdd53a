package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.memory.internal.MemoryTierProvider;

/**
 * Expired entries are reclaimed from the head of the write order, which for one TTL is expiry order,
 * independently of the access order that eviction follows.
 */
final class WriteOrderReclaimTest {
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
  private static final long MILLISECOND = TimeUnit.MILLISECONDS.toNanos(1);
  private static final Duration TTL = Duration.ofSeconds(10);

  private final AtomicLong now = new AtomicLong(1_700_000_000L * SECOND);
  private final CacheClock clock = now::get;

  private static ContentKey key(String name) {
    return ContentKey.sha256(name.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] content(String name) {
    byte[] content = new byte[100];
    content[0] = (byte) name.charAt(0);
    return content;
  }

  private CacheTier tier(long capacity) {
    return new MemoryTierProvider()
        .create(TierConfig.builder().capacity(capacity).ttl(TTL).clock(clock).build());
  }

  private void advance(long nanos) {
    now.addAndGet(nanos);
  }

  @Test
  void everyWriteReclaimsTheExpiredEntriesOldestWriteFirst() {
    try (CacheTier tier = tier(1_000)) {
      tier.put(key("a"), content("a"));
      advance(SECOND);
      tier.put(key("b"), content("b"));
      advance(SECOND);
      tier.put(key("c"), content("c"));
      tier.get(key("a")); // a use, so access order (b, c, a) differs from write order (a, b, c)
      advance(9 * SECOND); // a is 11 s old, b exactly 10 s (expired), c 9 s (live)

      assertEquals(3, tier.entryCount(), "nothing reclaims expired entries before a write");
      tier.put(key("d"), content("d"));

      assertEquals(2, tier.entryCount());
      assertEquals(200, tier.sizeBytes());
      assertTrue(tier.contains(key("c")));
      assertTrue(tier.contains(key("d")));
      TierStats stats = tier.stats();
      assertEquals(2, stats.expirations());
      assertEquals(0, stats.evictions());
    }
  }

  @Test
  void expiredEntriesGoBeforeTheLeastRecentlyUsedLiveOne() {
    try (CacheTier tier = tier(300)) {
      tier.put(key("a"), content("a"));
      advance(5 * SECOND);
      tier.put(key("b"), content("b"));
      tier.put(key("c"), content("c"));
      advance(4 * SECOND);
      tier.get(key("c"));
      tier.get(key("a")); // most recently used, but written first: it expires first
      advance(SECOND); // a is 10 s old, b and c 5 s

      tier.put(key("d"), content("d"));

      assertFalse(tier.contains(key("a")));
      assertTrue(tier.contains(key("b")), "the least recently used live entry was not needed");
      assertTrue(tier.contains(key("c")));
      assertTrue(tier.contains(key("d")));
      assertEquals(1, tier.stats().expirations());
      assertEquals(0, tier.stats().evictions());
    }
  }

  @Test
  void aRePutMovesTheEntryToTheBackOfTheWriteOrder() {
    try (CacheTier tier = tier(1_000)) {
      tier.put(key("a"), content("a"));
      advance(SECOND);
      tier.put(key("b"), content("b"));
      advance(SECOND);
      tier.put(key("a"), content("a")); // renewed: now written after b
      advance(9 * SECOND); // b is 10 s old, a 9 s since its re-put

      assertEquals(1, tier.evictExpired());
      assertFalse(tier.contains(key("b")));
      assertNotNull(tier.get(key("a")));
      assertEquals(1, tier.entryCount());
      assertEquals(100, tier.sizeBytes());
    }
  }

  @Test
  void evictExpiredRemovesExactlyTheExpiredAndCountsThem() {
    try (CacheTier tier = tier(10_000)) {
      long step = 400 * MILLISECOND;
      for (int i = 0; i < 20; i++) {
        tier.put(key("k" + i), content("k" + i));
        advance(step);
      }
      assertEquals(0, tier.stats().expirations(), "all written within one TTL");
      advance(14 * SECOND - 20 * step);
      // Entry i was written at 0.4 i s; now is 14 s: entries 0..10 are at least 10 s old.
      assertEquals(11, tier.evictExpired());
      assertEquals(0, tier.evictExpired());
      assertEquals(9, tier.entryCount());
      assertEquals(900, tier.sizeBytes());
      assertEquals(11, tier.stats().expirations());
      for (int i = 0; i < 20; i++) {
        assertEquals(i > 10, tier.contains(key("k" + i)), "k" + i);
      }
    }
  }

  @Test
  void anEntryExpiresWhenItsAgeEqualsTheTtlAndAGetDoesNotExtendIt() {
    try (CacheTier tier = tier(1_000)) {
      tier.put(key("a"), content("a"));
      advance(TTL.toNanos() - 1);
      assertNotNull(tier.get(key("a")));
      assertTrue(tier.contains(key("a")));
      advance(1);
      assertNull(tier.get(key("a")));
      assertFalse(tier.contains(key("a")));
      assertEquals(1, tier.stats().hits());
      assertEquals(1, tier.stats().misses());
    }
  }

  @Test
  void removingAnExpiredEntryReclaimsItAsAnExpirationAndReportsNothingRemoved() {
    try (CacheTier tier = tier(1_000)) {
      tier.put(key("a"), content("a"));
      advance(TTL.toNanos());
      assertFalse(tier.remove(key("a")));
      assertEquals(0, tier.entryCount());
      assertEquals(0, tier.sizeBytes());
      assertEquals(1, tier.stats().expirations());
    }
  }
}
