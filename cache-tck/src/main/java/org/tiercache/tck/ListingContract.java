package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierStats;

/**
 * The listing rules of {@link CacheTier#entries()}: a tier that declares
 * {@link TierCapability#LISTING} lists exactly its live entries, each once, with the size and write
 * time of its last put; never an expired one; without using them or counting anything; and goes on
 * listing while other calls change the tier. A tier that does not declare it must say so by throwing
 * {@link UnsupportedOperationException}, not list nothing; the other rules are then skipped as not
 * applicable.
 *
 * <p>Write times are compared with readings of the suite's {@link #clock()}: a tier must stamp an
 * entry with its clock's time at the put, as its time to live counts from it.
 */
public abstract class ListingContract extends TierContract {
  /** Room for every entry these tests put, with no eviction. */
  private static final long ROOMY = 8L << 20;
  private static final int ENTRY = 1000;

  /** For subclasses. */
  protected ListingContract() {}

  /**
   * Returns the tier a listing should name for an entry of a given size: the tier's
   * {@link CacheTier#id() id}. A stack of tiers overrides it with the name, within the stack, of the
   * tier its rules send content of that size to. {@code null} leaves the name unchecked but for
   * being there: the runner returns it, since a provider may make a stack, whose listing names its
   * inner tiers.
   *
   * @param tier the tier under test
   * @param sizeBytes the entry's size
   * @return the expected {@link EntryInfo#tier()}, or {@code null} for any non-blank name
   */
  protected String listedTier(CacheTier tier, long sizeBytes) {
    return tier.id();
  }

  /**
   * A tier that does not declare {@code LISTING} throws {@link UnsupportedOperationException} from
   * {@code entries()}; one that does, lists.
   */
  @Test
  public void entriesListsOrThrowsUnsupportedAsTheCapabilitySays() {
    CacheTier tier = tier(ROOMY);
    byte[] content = content(10, 1);
    tier.put(key(content), content);
    if (tier.capabilities().contains(TierCapability.LISTING)) {
      List<EntryInfo> listed = assertDoesNotThrow(() -> list(tier),
          "a tier declaring LISTING must list its entries");
      assertEquals(1, listed.size(), () -> "one entry put, listed: " + listed);
    } else {
      UnsupportedOperationException refused = assertThrows(UnsupportedOperationException.class,
          () -> list(tier), "a tier not declaring LISTING must throw"
              + " UnsupportedOperationException from entries(), not list nothing");
      assertNotNull(refused.getMessage(), "the refusal must say which tier cannot list");
    }
  }

  /**
   * The listing holds exactly the live entries, once each, with the length of the content last put
   * and the clock's time of that put, after puts of several sizes, a replacement and a removal.
   */
  @Test
  public void listsExactlyTheLiveEntriesWithTheirSizesAndWriteTimes() {
    CacheTier tier = listingTier(ROOMY, null);
    Map<ContentKey, Expected> expected = new TreeMap<>(ListingContract::compare);
    int[] sizes = {0, 1, 7, 4096, 65_537};
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < sizes.length; i++) {
      byte[] content = content(sizes[i], 100 + i);
      contents.add(content);
      clock().advance(Duration.ofSeconds(1 + i));
      assertTrue(tier.put(key(content), content), "put into a roomy tier must store");
      expected.put(key(content), expectedEntry(tier, content));
    }
    ContentKey removed = key(contents.get(1));
    tier.remove(removed);
    expected.remove(removed);
    byte[] replaced = contents.get(3);
    clock().advance(Duration.ofMinutes(1));
    tier.put(key(replaced), replaced);
    expected.put(key(replaced), expectedEntry(tier, replaced));

    assertListing("after five puts, a removal and a re-put", tier, expected);
  }

  /** An entry is not listed from the moment its age equals the time to live. */
  @Test
  public void expiredEntriesAreNotListed() {
    Duration ttl = ttlForTests();
    CacheTier tier = listingTier(ROOMY, ttl);
    byte[] older = content(ENTRY, 1);
    byte[] newer = content(ENTRY, 2);
    tier.put(key(older), older);
    clock().advanceNanos(1);
    tier.put(key(newer), newer);
    Map<ContentKey, Expected> expected = new TreeMap<>(ListingContract::compare);
    expected.put(key(newer), expectedEntry(tier, newer));
    expected.put(key(older), new Expected(key(older), ENTRY,
        instant(clock().epochNanos() - 1), listedTier(tier, ENTRY)));
    clock().advanceNanos(ttl.toNanos() - 2);
    assertListing("one nanosecond before the older entry expires", tier, expected);

    clock().advanceNanos(1);
    expected.remove(key(older));
    assertListing("at the older entry's TTL " + ttl + " (expired; the newer is 1 ns younger)",
        tier, expected);

    clock().advanceNanos(1);
    expected.clear();
    assertListing("once both are expired", tier, expected);
  }

  /**
   * Listing is not a use: it counts no hit, miss, put, eviction nor expiration, reclaims no expired
   * entry, and leaves the least recently used order as it was, so the entry evicted next is the
   * same.
   */
  @Test
  public void listingIsNotAUseAndCountsNothing() {
    Duration ttl = ttlForTests();
    CacheTier tier = listingTier(4 * ENTRY, ttl);
    byte[] expiring = content(ENTRY, 4);
    byte[] first = content(ENTRY, 1);
    byte[] second = content(ENTRY, 2);
    byte[] third = content(ENTRY, 3);
    tier.put(key(expiring), expiring);
    clock().advanceNanos(ttl.toNanos() - 1);
    tier.put(key(first), first);
    tier.put(key(second), second);
    tier.put(key(third), third);
    assertNotNull(tier.get(key(first)), "get of an entry just put");
    assertNotNull(tier.get(key(second)), "get of an entry just put");
    // The use order is now: third (put, never read), first, second; the first entry put expires.
    clock().advanceNanos(1);
    TierStats before = tier.stats();

    for (int round = 0; round < 3; round++) {
      assertEquals(3, list(tier).size(), "three live entries and an expired one");
    }

    TierStats after = tier.stats();
    assertEquals(before.hits(), after.hits(), "listing must count no hit");
    assertEquals(before.misses(), after.misses(), "listing must count no miss");
    assertEquals(before.puts(), after.puts(), "listing must count no put");
    assertEquals(before.evictions(), after.evictions(), "listing must evict nothing");
    assertEquals(before.expirations(), after.expirations(),
        "listing must reclaim nothing (it leaves expired entries to writes and evictExpired)");
    byte[] fourth = content(ENTRY, 5);
    byte[] fifth = content(ENTRY, 6);
    tier.put(key(fourth), fourth); // takes the expired entry's room
    tier.put(key(fifth), fifth);
    assertTrue(!tier.contains(key(third)) && tier.contains(key(first))
            && tier.contains(key(second)),
        "after listing, a put into the full tier must evict the least recently used entry, as"
            + " before the listing: the one put and never read; listing must not be a use");
  }

  /**
   * Puts, replacements and removals made while a listing runs, from the listing thread between two
   * entries and from another thread throughout, never make it throw, and every entry live from
   * start to end is listed exactly once. (A key removed and put again while the listing runs may
   * be listed twice, as a {@code ConcurrentHashMap}'s iterator may show it.)
   *
   * @throws InterruptedException if interrupted while waiting for the other thread
   */
  @Test
  public void changesWhileListingNeitherBreakItNorHideStableEntries()
      throws InterruptedException {
    CacheTier tier = listingTier(ROOMY, null);
    List<byte[]> stable = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      byte[] content = content(100, 1000 + i);
      tier.put(key(content), content);
      stable.add(content);
    }
    List<byte[]> churn = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      byte[] content = content(100, 5000 + i);
      tier.put(key(content), content);
      churn.add(content);
    }
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<Throwable> failed = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Thread writer = new Thread(() -> {
      try {
        int n = 0;
        while (!stop.get()) {
          byte[] content = content(100, 9000 + (n % 500));
          tier.put(key(content), content);
          tier.remove(key(content(100, 9000 + ((n + 250) % 500))));
          n++;
          if (n == 1) {
            started.countDown();
          }
        }
      } catch (Throwable t) {
        failed.set(t);
        started.countDown();
      }
    }, "tck-listing-writer");
    writer.start();
    try {
      started.await();
      for (int round = 0; round < 2; round++) {
        Map<ContentKey, Integer> seen = new TreeMap<>(ListingContract::compare);
        try (Stream<EntryInfo> entries = tier.entries()) {
          Iterator<EntryInfo> it = entries.iterator();
          int i = 0;
          while (it.hasNext()) {
            EntryInfo entry = it.next();
            seen.merge(entry.key(), 1, Integer::sum);
            if (i < churn.size()) {
              // From the listing thread, between two entries: a naive lazy listing over a map
              // that is not concurrent fails here.
              byte[] gone = churn.get(i);
              tier.remove(key(gone));
              tier.put(key(gone), gone);
              byte[] fresh = content(100, 7000 + 100 * round + i);
              tier.put(key(fresh), fresh);
            }
            i++;
          }
        }
        for (byte[] content : stable) {
          Integer times = seen.get(key(content));
          assertEquals(1, times == null ? 0 : times, () -> "entry " + key(content) + " was live"
              + " for the whole listing and must be listed once; it was listed " + times
              + " times, among " + seen.size() + " keys");
        }
      }
    } finally {
      stop.set(true);
      writer.join();
    }
    if (failed.get() != null) {
      fail("a put or remove from another thread failed while the tier was listed",
          failed.get());
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  /** A tier under test, or the test skipped as not applicable if it does not list. */
  private CacheTier listingTier(long capacity, Duration ttl) {
    CacheTier tier = ttl == null ? tier(capacity) : tier(capacity, ttl);
    assumeTrue(tier.capabilities().contains(TierCapability.LISTING),
        () -> "not applicable: tier '" + tier.id() + "' does not declare LISTING");
    return tier;
  }

  /** What a listing should say of an entry; a {@code null} tier is any name. */
  private record Expected(ContentKey key, long sizeBytes, Instant writeTime, String tier) {}

  /** What the listing should say of content just put, at the clock's time now. */
  private Expected expectedEntry(CacheTier tier, byte[] content) {
    return new Expected(key(content), content.length, instant(clock().epochNanos()),
        listedTier(tier, content.length));
  }

  private static Instant instant(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos);
  }

  private static List<EntryInfo> list(CacheTier tier) {
    try (Stream<EntryInfo> entries = tier.entries()) {
      return entries.toList();
    }
  }

  private void assertListing(String when, CacheTier tier,
      Map<ContentKey, Expected> expected) {
    List<EntryInfo> listed = list(tier);
    Map<ContentKey, EntryInfo> byKey = new TreeMap<>(ListingContract::compare);
    for (EntryInfo entry : listed) {
      EntryInfo twice = byKey.put(entry.key(), entry);
      assertEquals(null, twice, () -> when + ": " + entry.key() + " listed twice: " + listed);
    }
    assertEquals(expected.keySet(), byKey.keySet(), () -> when + ": the listing must hold exactly"
        + " the live entries");
    for (Expected entry : expected.values()) {
      EntryInfo got = byKey.get(entry.key());
      assertEquals(entry.sizeBytes(), got.sizeBytes(), () -> when + ": size of " + entry.key());
      assertEquals(entry.writeTime(), got.writeTime(), () -> when + ": write time of "
          + entry.key() + " must be the tier clock's time at its last put");
      if (entry.tier() == null) {
        assertFalse(got.tier().isBlank(), () -> when + ": a listing must name the tier of "
            + entry.key());
      } else {
        assertEquals(entry.tier(), got.tier(), () -> when + ": the tier named for " + entry.key());
      }
    }
  }

  private static int compare(ContentKey a, ContentKey b) {
    return a.toString().compareTo(b.toString());
  }
}
