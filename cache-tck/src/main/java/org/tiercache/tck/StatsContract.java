package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierStats;

/**
 * The statistics rules: the counters of {@link CacheTier#stats()} agree with what happened, only
 * gets count as hits or misses, the occupancy figures equal the tier's own, and clear keeps the
 * counters.
 *
 * @since 0.1
 */
public abstract class StatsContract extends TierContract {
  private static final int ENTRY = 100;

  /** For subclasses. */
  protected StatsContract() {}

  /** A new tier's counters are all zero. */
  @Test
  public void freshTierCountsNothing() {
    CacheTier tier = tier(1000);
    assertEquals(TierStats.EMPTY, tier.stats(), "a new tier on fresh storage must count nothing");
  }

  /**
   * Every counter agrees with a scripted sequence of hits, misses, puts, a re-put, a refused put,
   * an eviction and expirations.
   *
   * @throws IOException if reading a stream the tier returned fails
   */
  @Test
  public void countersAgreeWithScriptedSequence() throws IOException {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(3 * ENTRY, ttl);
    byte[] a = content(ENTRY, 1);
    byte[] b = content(ENTRY, 2);
    byte[] c = content(ENTRY, 3);
    byte[] d = content(ENTRY, 4);
    tier.put(key(a), a);
    tier.put(key(b), b);
    tier.put(key(c), c);
    tier.put(key(a), a);                       // re-put: a put that stores, so it counts
    assertNotNull(tier.get(key(a)), "get a");  // hit
    assertNotNull(tier.getBytes(key(c)), "getBytes c");  // hit
    try (InputStream in = tier.openStream(key(c))) {     // hit: openStream counts as a get
      assertNotNull(in, "openStream c");
    }
    tier.get(key(d));                          // miss: never put
    tier.put(key(d), d);                       // evicts b, the least recently used
    tier.put(key(content(3 * ENTRY + 1, 5)), content(3 * ENTRY + 1, 5));  // refused
    clock().advance(ttl);
    tier.get(key(a));                          // miss: expired
    tier.evictExpired();                       // reclaims what is left of a, c, d

    TierStats stats = tier.stats();
    String script = "after put a, b, c, a; get a; getBytes c; openStream c; get d (absent); "
        + "put d (evicts b); put 301 bytes into 300 (refused); advance the TTL; get a (expired); "
        + "evictExpired; stats: " + stats;
    assertAll(
        () -> assertEquals(3, stats.hits(), "hits: get a, getBytes c, openStream c; " + script),
        () -> assertEquals(2, stats.misses(), "misses: get d, get expired a; " + script),
        () -> assertEquals(5, stats.puts(), "puts: a, b, c, a again, d; " + script),
        () -> assertEquals(1, stats.rejectedPuts(), "rejectedPuts: the 301 bytes; " + script),
        () -> assertEquals(1, stats.evictions(), "evictions: b; " + script),
        () -> assertEquals(3, stats.expirations(), "expirations: a, c, d, whether reclaimed by "
            + "the get of a or by evictExpired; " + script),
        () -> assertEquals(0, stats.sizeBytes(), "sizeBytes: nothing live; " + script),
        () -> assertEquals(0, stats.entryCount(), "entryCount: nothing live; " + script));
  }

  /**
   * A streaming put is counted as an array put is: a put when it stores, a rejected put when it
   * refuses, and the entries it evicts as evictions.
   */
  @Test
  public void streamingPutsAreCounted() {
    CacheTier tier = tier(3 * ENTRY);
    TierStats before = tier.stats();
    for (int i = 1; i <= 4; i++) {
      assertTrue(putAsStream(tier, content(ENTRY, i), DigestAlgorithm.SHA_256).stored(),
          "a streaming put of 100 bytes into a capacity of 300 reported not stored");
    }
    PutResult refused = putAsStream(tier, content(3 * ENTRY + 1, 5), DigestAlgorithm.MD5);
    TierStats stats = tier.stats();
    String script = "after streaming 4 entries of 100 bytes into room for 3, then 301 bytes; "
        + "before " + before + ", after " + stats;
    assertAll(
        () -> assertFalse(refused.stored(), "301 bytes into 300 must be refused; " + script),
        () -> assertEquals(before.puts() + 4, stats.puts(), "puts: the 4 streamed entries; "
            + script),
        () -> assertEquals(before.rejectedPuts() + 1, stats.rejectedPuts(), "rejectedPuts: the "
            + "301 bytes; " + script),
        () -> assertEquals(before.evictions() + 1, stats.evictions(), "evictions: the first "
            + "entry, for the fourth; " + script));
  }

  /**
   * Replacing an entry's content under its key is not an eviction: nothing is counted but the put,
   * even when the new content is larger, and only the other entries it makes room by evicting are
   * evictions.
   */
  @Test
  public void replacingAnEntryIsNotAnEviction() {
    CacheTier tier = tier(3 * ENTRY);
    byte[] a = content(ENTRY, 1);
    byte[] b = content(ENTRY, 2);
    tier.put(key(a), a);
    tier.put(key(b), b);
    TierStats before = tier.stats();
    tier.put(key(a), content(ENTRY / 2, 3));
    tier.put(key(a), content(2 * ENTRY, 4));
    TierStats stats = tier.stats();
    assertEquals(before.evictions(), stats.evictions(), () -> "put a, b (room for 3); put 50 "
        + "then 200 bytes under a's key: replacing a's content is not an eviction, and 200 + 100 "
        + "bytes fit; before " + before + ", after " + stats);
    assertEquals(before.puts() + 2, stats.puts(), () -> "the two replacing puts are puts; "
        + stats);
    tier.put(key(a), content(3 * ENTRY, 5));
    TierStats after = tier.stats();
    assertEquals(before.evictions() + 1, after.evictions(), () -> "then 300 bytes under a's key: "
        + "b is evicted for the room, a's old content replaced, not evicted; before " + before
        + ", after " + after);
  }

  /**
   * A remove that finds its entry expired removes it and counts it as an expiration, once.
   */
  @Test
  public void removeOfAnExpiredEntryCountsAnExpiration() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(1000, ttl);
    byte[] a = content(ENTRY, 1);
    tier.put(key(a), a);
    TierStats before = tier.stats();
    clock().advance(ttl);
    assertFalse(tier.remove(key(a)), "remove of an entry whose age equals the TTL must return "
        + "false");
    TierStats stats = tier.stats();
    assertEquals(before.expirations() + 1, stats.expirations(), () -> "the expired entry the "
        + "remove took away must be counted once as an expiration; before " + before
        + ", after " + stats);
    assertEquals(0, stats.entryCount(), () -> "the expired entry must be gone; " + stats);
  }

  /**
   * A put over an expired entry replaces it and counts it as an expiration, as any write that
   * reclaims an expired entry does; the put is a put, not an eviction.
   */
  @Test
  public void putOverAnExpiredEntryCountsAnExpiration() {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(1000, ttl);
    byte[] a = content(ENTRY, 1);
    tier.put(key(a), a);
    TierStats before = tier.stats();
    clock().advance(ttl);
    assertTrue(tier.put(key(a), a), "put over an expired entry returned false");
    TierStats stats = tier.stats();
    assertAll(
        () -> assertEquals(before.expirations() + 1, stats.expirations(), "the expired entry the "
            + "put replaced must be counted once as an expiration; before " + before + ", after "
            + stats),
        () -> assertEquals(before.puts() + 1, stats.puts(), "the put counts; " + stats),
        () -> assertEquals(before.evictions(), stats.evictions(), "replacing an expired entry "
            + "is not an eviction; " + stats));
    assertAccounting("putting an entry again over its expired self", tier, a);
  }

  /** {@code contains} and {@code remove} count neither hits nor misses. */
  @Test
  public void containsAndRemoveDoNotCountAsGets() {
    CacheTier tier = tier(1000);
    byte[] a = content(ENTRY, 1);
    byte[] absent = content(ENTRY, 2);
    tier.put(key(a), a);
    tier.contains(key(a));
    tier.contains(key(absent));
    tier.remove(key(absent));
    tier.remove(key(a));
    tier.contains(key(a));
    TierStats stats = tier.stats();
    assertEquals(0, stats.hits(), () -> "contains and remove must not count hits: " + stats);
    assertEquals(0, stats.misses(), () -> "contains and remove must not count misses: " + stats);
  }

  /**
   * {@code getAll} and {@code putAll} count as the gets and puts they stand for: a hit per key
   * found, a miss per key not (a key given twice counts once), a put per entry stored and a
   * rejected put per entry refused; a {@code null} key is refused before anything is counted.
   */
  @Test
  public void batchedCallsCountAsTheGetsAndPutsTheyStandFor() {
    CacheTier tier = tier(3 * ENTRY);
    byte[] a = content(ENTRY, 1);
    byte[] b = content(ENTRY, 2);
    byte[] absent = content(ENTRY, 3);
    byte[] tooLarge = content(3 * ENTRY + 1, 4);
    Map<ContentKey, byte[]> batch = new LinkedHashMap<>();
    batch.put(key(a), a);
    batch.put(key(tooLarge), tooLarge);
    batch.put(key(b), b);
    tier.putAll(batch);
    assertThrows(NullPointerException.class,
        () -> tier.getAll(Arrays.asList(key(a), null)), "getAll of a null key");
    Map<ContentKey, ByteBuffer> found = tier.getAll(List.of(key(a), key(absent), key(a), key(b)));
    TierStats stats = tier.stats();
    assertAll(
        () -> assertEquals(List.of(key(a), key(b)), new ArrayList<>(found.keySet()),
            "getAll of a, absent, a, b after putAll of a, b: a and b, in order"),
        () -> assertEquals(2, stats.puts(), () -> "putAll stored a and b: " + stats),
        () -> assertEquals(1, stats.rejectedPuts(),
            () -> "putAll refused the content above the capacity: " + stats),
        () -> assertEquals(2, stats.hits(), () -> "getAll found a and b, a given twice: " + stats),
        () -> assertEquals(1, stats.misses(), () -> "getAll missed one key; the refused null key "
            + "counted nothing: " + stats));
  }

  /** {@code stats().sizeBytes()} and {@code entryCount()} equal the tier's own figures. */
  @Test
  public void statsOccupancyEqualsSizeAndCount() {
    CacheTier tier = tier(1000);
    for (int i = 0; i < 30; i++) {
      byte[] content = content(10 * i, i);
      tier.put(key(content), content);
      if (i % 4 == 0) {
        tier.remove(key(content(10 * (i / 2), i / 2)));
      }
      TierStats stats = tier.stats();
      int n = i;
      assertEquals(tier.sizeBytes(), stats.sizeBytes(),
          () -> "stats().sizeBytes() must equal sizeBytes() after step " + n + ": " + stats);
      assertEquals(tier.entryCount(), stats.entryCount(),
          () -> "stats().entryCount() must equal entryCount() after step " + n + ": " + stats);
    }
  }

  /** {@code clear} empties the tier but keeps every counter. */
  @Test
  public void clearKeepsCounters() {
    CacheTier tier = tier(2 * ENTRY);
    byte[] a = content(ENTRY, 1);
    byte[] b = content(ENTRY, 2);
    byte[] c = content(ENTRY, 3);
    tier.put(key(a), a);
    tier.put(key(b), b);
    tier.put(key(c), c);
    tier.get(key(c));
    tier.get(key(a));
    tier.put(key(content(3 * ENTRY, 4)), content(3 * ENTRY, 4));
    TierStats before = tier.stats();

    tier.clear();

    TierStats after = tier.stats();
    TierStats expected = new TierStats(before.hits(), before.misses(), before.puts(),
        before.rejectedPuts(), before.evictions(), before.expirations(), before.damaged(), 0,
        0);
    assertEquals(expected, after, () -> "clear must keep every counter and leave size and count "
        + "at zero; before clear: " + before);
  }
}
