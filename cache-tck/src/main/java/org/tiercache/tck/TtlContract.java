package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierStats;

/**
 * The time-to-live rules (expire after write): an entry is live while its age, the time since its
 * last put on the tier's clock, is less than the TTL, and expired from the moment it equals it. A
 * re-put renews an entry, a get does not; expired entries are reclaimed before any live entry when
 * room is needed, and {@code evictExpired} removes exactly the expired ones.
 *
 * <p>The TTL is {@link #ttlForTests()}; the suite moves {@link #clock()} to the nanosecond around
 * it.
 *
 * @since 0.1
 */
public abstract class TtlContract extends TierContract {
  private static final long ROOMY = 1L << 20;
  private static final long ONE_NANO = 1;

  /** For subclasses. */
  protected TtlContract() {}

  /** An entry of age TTL - 1 ns is live, and its bytes are served. */
  @Test
  public void entryIsLiveJustBeforeTtl() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(ROOMY, ttl);
    byte[] content = content(100, 1);
    tier.put(key(content), content);
    clock().advanceNanos(ttl.toNanos() - ONE_NANO);
    assertTrue(tier.contains(key(content)), () -> "contains must be true at age " + age(ttl, -1)
        + ", one nanosecond before the TTL " + ttl);
    assertArrayEquals(content, tier.getBytes(key(content)), () -> "get must serve the entry at age "
        + age(ttl, -1) + ", one nanosecond before the TTL " + ttl);
  }

  /**
   * An entry whose age equals the TTL exactly is expired: get misses, contains is false. (The seed
   * cache served it; this is the off-by-one every expire-after-write cache must get right.)
   */
  @Test
  public void entryExpiresWhenAgeEqualsTtl() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(ROOMY, ttl);
    byte[] content = content(100, 2);
    tier.put(key(content), content);
    clock().advance(ttl);
    assertFalse(tier.contains(key(content)), () -> "contains must be false when the age equals "
        + "the TTL " + ttl + " exactly (live means age < TTL)");
    assertNull(tier.get(key(content)), () -> "get must miss when the age equals the TTL " + ttl
        + " exactly (live means age < TTL; serving age == TTL is off by one)");
    assertNull(tier.getBytes(key(content)), "getBytes must miss at age == TTL");
    assertNull(tier.openStream(key(content)), "openStream must miss at age == TTL");
  }

  /** An entry older than its TTL stays expired, however long after. */
  @Test
  public void entryStaysExpiredAfterTtl() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(ROOMY, ttl);
    byte[] content = content(100, 3);
    tier.put(key(content), content);
    clock().advance(ttl.plusNanos(1));
    assertNull(tier.get(key(content)), () -> "get must miss at age TTL + 1 ns (TTL " + ttl + ")");
    clock().advance(Duration.ofDays(400));
    assertNull(tier.get(key(content)), () -> "get must miss 400 days after the TTL " + ttl);
    assertFalse(tier.contains(key(content)), "contains must be false long after the TTL");
  }

  /** A re-put renews an entry: its age counts from the latest put. */
  @Test
  public void rePutRenewsTheEntry() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(ROOMY, ttl);
    byte[] content = content(100, 4);
    tier.put(key(content), content);
    clock().advanceNanos(ttl.toNanos() - ONE_NANO);
    assertTrue(tier.put(key(content), content), "re-put returned false");
    clock().advanceNanos(ttl.toNanos() - ONE_NANO);
    assertArrayEquals(content, tier.getBytes(key(content)), () -> "get must serve an entry re-put "
        + age(ttl, -1) + " ago, though first put " + clock().elapsed()
        + " ago: a put renews the TTL");
    clock().advanceNanos(ONE_NANO);
    assertNull(tier.get(key(content)), () -> "get must miss once the age since the re-put equals "
        + "the TTL " + ttl);
  }

  /** A put of an expired key makes it live again with the new content. */
  @Test
  public void putOfExpiredKeyMakesItLiveAgain() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(ROOMY, ttl);
    byte[] content = content(100, 5);
    tier.put(key(content), content);
    clock().advance(ttl);
    assertTrue(tier.put(key(content), content), "put of an expired key returned false");
    assertArrayEquals(content, tier.getBytes(key(content)),
        "get must serve an entry put again after it expired");
    assertAccounting("putting an expired key again", tier, content);
  }

  /** A get does not extend an entry's life: expire after write, not after access. */
  @Test
  public void getDoesNotExtendTheEntry() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(ROOMY, ttl);
    byte[] content = content(100, 6);
    tier.put(key(content), content);
    clock().advanceNanos(ttl.toNanos() - ONE_NANO);
    assertNotNull(tier.get(key(content)), () -> "get must hit at age " + age(ttl, -1));
    clock().advanceNanos(ONE_NANO);
    assertNull(tier.get(key(content)), () -> "get must miss at age == TTL " + ttl + " even though "
        + "the entry was read 1 ns before: a get must not renew the TTL");
  }

  /** {@code remove} of an expired entry returns {@code false}: it removes no live entry. */
  @Test
  public void removeOfExpiredEntryReturnsFalse() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(ROOMY, ttl);
    byte[] content = content(100, 7);
    tier.put(key(content), content);
    clock().advance(ttl);
    assertFalse(tier.remove(key(content)), "remove of an entry whose age equals the TTL must "
        + "return false: it returns whether a live entry was removed");
  }

  /**
   * {@code evictExpired} removes exactly the expired entries, returns how many, and counts them in
   * {@code stats().expirations()}; live entries and the accounting of them are untouched.
   */
  @Test
  public void evictExpiredRemovesExactlyTheExpiredEntries() {
    Duration ttl = ttlForTests();
    Duration half = ttl.dividedBy(2);
    CacheTier tier = tier(ROOMY, ttl);
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("old1", content(100, 8));
    e.put("old2", content(200, 9));
    e.put("new1", content(300, 10));
    e.put("new2", content(0, 11));
    tier.put(key(e.get("old1")), e.get("old1"));
    tier.put(key(e.get("old2")), e.get("old2"));
    clock().advance(half);
    tier.put(key(e.get("new1")), e.get("new1"));
    tier.put(key(e.get("new2")), e.get("new2"));
    clock().advance(ttl.minus(half));
    // Nothing touches old1 and old2 before evictExpired: a tier may reclaim expired entries when it
    // meets them, which would leave evictExpired less to count.
    long expirationsBefore = tier.stats().expirations();

    long removed = tier.evictExpired();

    assertEquals(2, removed, () -> "evictExpired must return 2: old1 and old2 are at age == TTL "
        + ttl + ", new1 and new2 at age " + half);
    assertEquals(expirationsBefore + 2, tier.stats().expirations(),
        "stats().expirations() must grow by the 2 entries evictExpired removed");
    assertLive("evictExpired with old1, old2 at age == TTL and new1, new2 at half the TTL", tier, e,
        "new1", "new2");
    assertAccounting("evictExpired removed old1 and old2", tier, e.get("new1"), e.get("new2"));
    assertEquals(0, tier.evictExpired(),
        "a second evictExpired with nothing expired must return 0");
  }

  /**
   * When room is needed, expired entries are reclaimed before any live entry, even expired entries
   * used more recently than the live ones.
   */
  @Test
  public void expiredEntriesAreReclaimedBeforeLiveOnes() {
    Duration ttl = ttlForTests();
    Duration half = ttl.dividedBy(2);
    CacheTier tier = tier(400, ttl);
    Map<String, byte[]> e = new LinkedHashMap<>();
    for (String name : new String[] {"x1", "x2", "live1", "live2", "n1", "n2", "n3"}) {
      e.put(name, content(100, 20 + e.size()));
    }
    tier.put(key(e.get("x1")), e.get("x1"));
    tier.put(key(e.get("x2")), e.get("x2"));
    clock().advance(half);
    tier.put(key(e.get("live1")), e.get("live1"));
    tier.put(key(e.get("live2")), e.get("live2"));
    // x1 and x2 become the most recently used, then expire: least recently used is live1.
    assertNotNull(tier.get(key(e.get("x1"))), "get of x1 at half the TTL must hit");
    assertNotNull(tier.get(key(e.get("x2"))), "get of x2 at half the TTL must hit");
    clock().advance(ttl.minus(half));
    TierStats before = tier.stats();

    assertTrue(tier.put(key(e.get("n1")), e.get("n1")), "put of n1 returned false");
    assertLive("filling 400 bytes with x1, x2 (written first, used last, now expired) and live1, "
        + "live2 (live, least recently used), then putting 100 more bytes: an expired entry must "
        + "make the room, not live1", tier, e, "live1", "live2", "n1");
    assertWithinCapacity("putting n1", tier);
    assertTrue(tier.put(key(e.get("n2")), e.get("n2")), "put of n2 returned false");
    assertLive("then putting n2: the other expired entry must make the room", tier, e,
        "live1", "live2", "n1", "n2");
    assertWithinCapacity("putting n2", tier);
    TierStats after = tier.stats();
    assertEquals(before.evictions(), after.evictions(), "reclaiming expired entries must not be "
        + "counted as evictions (evictions count live entries only)");
    assertEquals(before.expirations() + 2, after.expirations(),
        "reclaiming x1 and x2 to make room must count 2 expirations");

    assertTrue(tier.put(key(e.get("n3")), e.get("n3")), "put of n3 returned false");
    assertLive("then putting n3 with nothing expired left: live1, least recently used, goes",
        tier, e, "live2", "n1", "n2", "n3");
    assertEquals(before.evictions() + 1, tier.stats().evictions(),
        "evicting live1 for n3 must count 1 eviction");
  }

  /**
   * When one put needs the room of several expired entries, all of them go before any live entry:
   * expired entries are reclaimed in full, not one per put.
   */
  @Test
  public void severalExpiredEntriesAreReclaimedByOnePutBeforeAnyLiveOne() {
    Duration ttl = ttlForTests();
    Duration half = ttl.dividedBy(2);
    CacheTier tier = tier(500, ttl);
    Map<String, byte[]> e = new LinkedHashMap<>();
    for (String name : new String[] {"x1", "x2", "x3", "live1", "live2"}) {
      e.put(name, content(100, 40 + e.size()));
    }
    byte[] big = content(300, 49);
    e.put("big", big);
    for (String name : new String[] {"x1", "x2", "x3"}) {
      tier.put(key(e.get(name)), e.get(name));
    }
    clock().advance(half);
    tier.put(key(e.get("live1")), e.get("live1"));
    tier.put(key(e.get("live2")), e.get("live2"));
    for (String name : new String[] {"x1", "x2", "x3"}) {
      assertNotNull(tier.get(key(e.get(name))),
          () -> "get of " + name + " at half the TTL must hit");
    }
    clock().advance(ttl.minus(half));
    TierStats before = tier.stats();

    assertTrue(tier.put(key(big), big), "put of 300 bytes into a capacity of 500 returned false");

    assertLive("filling 500 bytes with x1, x2, x3 (written first, used last, now expired) and "
        + "live1, live2 (live), then putting 300 bytes: the three expired entries must make the "
        + "room, all three, before any live entry goes", tier, e, "live1", "live2", "big");
    assertWithinCapacity("putting 300 bytes over three expired entries", tier);
    TierStats after = tier.stats();
    assertEquals(before.evictions(), after.evictions(), "reclaiming x1, x2 and x3 must evict "
        + "no live entry");
    assertEquals(before.expirations() + 3, after.expirations(),
        "reclaiming x1, x2 and x3 must count 3 expirations");
    assertAccounting("putting 300 bytes over three expired entries", tier, e.get("live1"),
        e.get("live2"), big);
  }

  /**
   * {@code evictExpired} finds expired entries by write order (which is expiry order), not by use
   * order: an expired entry used after a live one was written is reclaimed all the same.
   */
  @Test
  public void evictExpiredReclaimsInWriteOrderNotUseOrder() {
    Duration ttl = ttlForTests();
    Duration half = ttl.dividedBy(2);
    CacheTier tier = tier(ROOMY, ttl);
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("old", content(100, 50));
    e.put("new", content(200, 51));
    tier.put(key(e.get("old")), e.get("old"));
    clock().advance(half);
    tier.put(key(e.get("new")), e.get("new"));
    assertNotNull(tier.get(key(e.get("old"))), "get of old at half the TTL must hit");
    clock().advance(ttl.minus(half));

    long removed = tier.evictExpired();

    assertEquals(1, removed, () -> "evictExpired must return 1: old (written first, used last) is "
        + "at age == TTL " + ttl + ", new at half the TTL; in use order new comes first, so a "
        + "scan of use order that stops at the first live entry misses old");
    assertLive("evictExpired with old expired and used after new was written", tier, e, "new");
    assertAccounting("evictExpired reclaimed old", tier, e.get("new"));
  }

  /**
   * TTLs of days and years count to the nanosecond: an entry is live one nanosecond before the
   * TTL and expired at it, for 25 days (more milliseconds than an int holds), 400 days and three
   * years.
   */
  @Test
  public void ttlsOfDaysAndYearsExpireExactlyAtTheTtl() {
    for (Duration ttl : new Duration[] {Duration.ofDays(25), Duration.ofDays(400),
        Duration.ofDays(3 * 365 + 1)}) {
      CacheTier tier = tierAcceptingTtl(ttl);
      byte[] content = content(100, 52);
      assertTrue(tier.put(key(content), content), () -> "put with a TTL of " + ttl
          + " returned false");
      assertArrayEquals(content, tier.getBytes(key(content)), () -> "get must serve an entry "
          + "just put with a TTL of " + ttl);
      clock().advanceNanos(ttl.toNanos() - ONE_NANO);
      assertTrue(tier.contains(key(content)), () -> "contains must be true at age " + age(ttl, -1)
          + ", one nanosecond before the TTL " + ttl);
      assertArrayEquals(content, tier.getBytes(key(content)), () -> "get must serve the entry at "
          + "age " + age(ttl, -1) + ", one nanosecond before the TTL " + ttl);
      clock().advanceNanos(ONE_NANO);
      assertNull(tier.get(key(content)), () -> "get must miss at age == TTL " + ttl);
      discard(tier);
    }
  }

  /**
   * A TTL of centuries, up to the longest a configuration holds, never overflows: the entry stays
   * live 200 years on, though its write time plus the TTL is beyond what a long holds.
   */
  @Test
  public void ttlsOfCenturiesKeepEntriesLive() {
    for (Duration ttl : new Duration[] {Duration.ofDays(250 * 365),
        Duration.ofNanos(Long.MAX_VALUE)}) {
      CacheTier tier = tierAcceptingTtl(ttl);
      byte[] content = content(100, 53);
      assertTrue(tier.put(key(content), content), () -> "put with a TTL of " + ttl
          + " returned false");
      assertArrayEquals(content, tier.getBytes(key(content)), () -> "get must serve an entry "
          + "just put with a TTL of " + ttl + " (write time plus TTL overflows a long: compare "
          + "ages, not deadlines)");
      clock().advance(Duration.ofDays(200 * 365));
      assertArrayEquals(content, tier.getBytes(key(content)), () -> "get must serve an entry "
          + "put 200 years ago with a TTL of " + ttl);
      assertEquals(0, tier.evictExpired(), () -> "evictExpired must find nothing expired 200 "
          + "years into a TTL of " + ttl);
      discard(tier);
    }
  }

  /** Without a TTL nothing expires, however far the clock moves. */
  @Test
  public void entriesNeverExpireWithoutTtl() {
    CacheTier tier = tier(ROOMY);
    byte[] content = content(100, 30);
    tier.put(key(content), content);
    clock().advance(Duration.ofDays(3650));
    assertArrayEquals(content, tier.getBytes(key(content)),
        "a tier configured without a TTL must serve an entry ten years later");
    assertEquals(0, tier.evictExpired(), "evictExpired with no TTL configured must return 0");
    assertAccounting("ten years without a TTL", tier, content);
  }

  /** Reclaiming expired entries gives their bytes back: size and count drop to the live entries. */
  @Test
  public void sizeDropsWhenExpiredEntriesAreReclaimed() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(ROOMY, ttl);
    byte[] first = content(1000, 31);
    byte[] second = content(2000, 32);
    tier.put(key(first), first);
    tier.put(key(second), second);
    clock().advance(ttl);
    byte[] fresh = content(500, 33);
    tier.put(key(fresh), fresh);
    tier.evictExpired();
    assertAccounting("two entries expired and were reclaimed by evictExpired, one fresh entry "
        + "remains", tier, fresh);
  }

  /**
   * Opens a tier with a long TTL. A tier may refuse a TTL it cannot honour with its other settings
   * (a server tier whose explicit expiry backstop is shorter), but only as a configuration error,
   * a {@link CacheException} that names the TTL; the test is then not applicable.
   */
  private CacheTier tierAcceptingTtl(Duration ttl) {
    try {
      return tier(ROOMY, ttl);
    } catch (CacheException refused) {
      String message = String.valueOf(refused.getMessage());
      assertTrue(message.contains("ttl"), () -> "a tier that refuses a TTL of " + ttl + " must "
          + "say it is the ttl it refuses: " + message);
      assumeTrue(false, () -> "not applicable: the tier refuses a TTL of " + ttl + " with its "
          + "settings: " + message);
      throw refused;
    }
  }

  private static String age(Duration ttl, long nanos) {
    return ttl.plusNanos(nanos).toString();
  }
}
