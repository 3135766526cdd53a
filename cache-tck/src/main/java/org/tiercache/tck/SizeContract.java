package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierStats;

/**
 * The size rules: once a put returns, the size is at most the capacity; size and count are exactly
 * the sums over the live entries after every operation; content larger than the capacity is refused
 * without evicting anything; empty content is an entry of zero bytes.
 *
 * <p>These rules do not depend on which entry an eviction picks (that is {@link LruContract}'s
 * business): where entries may have been evicted, the tests find the live ones with
 * {@code contains} and check the sums over those.
 *
 * @since 0.1
 */
public abstract class SizeContract extends TierContract {

  /** For subclasses. */
  protected SizeContract() {}

  /** Many puts of random sizes: the size never exceeds the capacity, and every put is held. */
  @Test
  public void sizeNeverExceedsCapacityAfterAnyPut() {
    long capacity = 10_000;
    CacheTier tier = tier(capacity);
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2000; i++) {
      int size = random.nextInt(4000);
      byte[] content = content(size, i);
      int n = i;
      assertTrue(tier.put(key(content), content), () -> "put #" + n + " of " + size
          + " bytes (not more than the capacity " + capacity + ") returned false");
      assertWithinCapacity("put #" + n + " of " + size + " bytes", tier);
      assertTrue(tier.contains(key(content)), () -> "put #" + n + " of " + size
          + " bytes returned true, so the entry must be live right after it");
    }
  }

  /** Size and count are exact after puts of new keys. */
  @Test
  public void accountingIsExactAfterPut() {
    CacheTier tier = tier(10_000);
    assertAccounting("creating the tier", tier);
    byte[] a = content(100, 1);
    byte[] b = content(2000, 2);
    byte[] empty = content(0, 3);
    tier.put(key(a), a);
    assertAccounting("put of 100 bytes", tier, a);
    tier.put(key(b), b);
    assertAccounting("puts of 100 and 2000 bytes", tier, a, b);
    tier.put(key(empty), empty);
    assertAccounting("puts of 100, 2000 and 0 bytes", tier, a, b, empty);
  }

  /** Replacing an entry counts the new content in place of the old, and the key once. */
  @Test
  public void accountingIsExactAfterReplacingAnEntry() {
    CacheTier tier = tier(10_000);
    byte[] a = content(100, 1);
    byte[] b = content(200, 2);
    ContentKey bKey = key(b);
    tier.put(key(a), a);
    tier.put(bKey, b);
    tier.put(bKey, b);
    assertAccounting("putting b (200 bytes) twice", tier, a, b);
    byte[] larger = content(700, 3);
    tier.put(bKey, larger);
    assertAccounting("replacing b's 200 bytes with 700 under the same key", tier, a, larger);
    byte[] smaller = content(50, 4);
    tier.put(bKey, smaller);
    assertAccounting("replacing b's 700 bytes with 50 under the same key", tier, a, smaller);
    byte[] empty = new byte[0];
    tier.put(bKey, empty);
    assertAccounting("replacing b's 50 bytes with 0 under the same key", tier, a, empty);
  }

  /** Removing an entry takes exactly its bytes and one entry off; a remove that misses takes none.
   * */
  @Test
  public void accountingIsExactAfterRemove() {
    CacheTier tier = tier(10_000);
    byte[] a = content(100, 1);
    byte[] b = content(200, 2);
    tier.put(key(a), a);
    tier.put(key(b), b);
    tier.remove(key(a));
    assertAccounting("removing a (100 bytes) of a and b", tier, b);
    tier.remove(key(a));
    assertAccounting("removing a again", tier, b);
    tier.remove(key(content(300, 3)));
    assertAccounting("removing a key never put", tier, b);
    tier.remove(key(b));
    assertAccounting("removing b, the last entry", tier);
  }

  /** Clear leaves a size and count of zero, and the accounting stays exact afterwards. */
  @Test
  public void accountingIsExactAfterClear() {
    CacheTier tier = tier(10_000);
    byte[] a = content(100, 1);
    byte[] b = content(200, 2);
    tier.put(key(a), a);
    tier.put(key(b), b);
    tier.clear();
    assertAccounting("clear", tier);
    tier.put(key(b), b);
    assertAccounting("clear, then putting b again", tier, b);
  }

  /** Evictions take exactly the evicted entries' bytes off. */
  @Test
  public void accountingIsExactAfterEviction() {
    CacheTier tier = tier(1000);
    Map<ContentKey, byte[]> all = new LinkedHashMap<>();
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 200; i++) {
      byte[] content = content(1 + random.nextInt(300), i);
      all.put(key(content), content);
      tier.put(key(content), content);
      assertAccountingOfLive("put #" + i + " of " + content.length + " bytes into 1000", tier, all);
    }
  }

  /** A random mix of puts, replacements, removes and clears keeps the accounting exact. */
  @Test
  public void accountingIsExactAfterEveryOperationOfRandomSequence() {
    CacheTier tier = tier(5000);
    SplittableRandom random = new SplittableRandom(13);
    ContentKey[] keys = new ContentKey[30];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = key(content(8, 500 + i));
    }
    // What each key was last put with: a replacement may change a key's length.
    Map<ContentKey, byte[]> latest = new LinkedHashMap<>();
    for (int i = 0; i < 3000; i++) {
      ContentKey k = keys[random.nextInt(keys.length)];
      int op = random.nextInt(100);
      String what;
      if (op < 70) {
        byte[] content = content(random.nextInt(1500), i);
        tier.put(k, content);
        latest.put(k, content);
        what = "put of " + content.length + " bytes";
      } else if (op < 98) {
        tier.remove(k);
        latest.remove(k);
        what = "remove";
      } else {
        tier.clear();
        latest.clear();
        what = "clear";
      }
      assertAccountingOfLive("operation #" + i + " (" + what + ")", tier, latest);
    }
  }

  /**
   * Content of capacity + 1 bytes is refused: put returns false, the refusal is counted, nothing is
   * evicted and the tier's content is unchanged.
   */
  @Test
  public void oversizeContentIsRefusedWithoutEviction() {
    CacheTier tier = tier(1000);
    byte[] a = content(400, 1);
    byte[] b = content(500, 2);
    tier.put(key(a), a);
    tier.put(key(b), b);
    TierStats before = tier.stats();
    byte[] oversize = content(1001, 3);

    assertFalse(tier.put(key(oversize), oversize),
        "put of 1001 bytes into a tier of capacity 1000 must return false");

    TierStats after = tier.stats();
    assertEquals(before.rejectedPuts() + 1, after.rejectedPuts(),
        "a refused put must count one stats().rejectedPuts()");
    assertEquals(before.puts(), after.puts(), "a refused put must not count as stats().puts()");
    assertEquals(before.evictions(), after.evictions(), "a refused put must evict nothing");
    assertNull(tier.get(key(oversize)), "refused content must not be served");
    assertArrayEquals(a, tier.getBytes(key(a)), "a refused put must leave the 400-byte entry");
    assertArrayEquals(b, tier.getBytes(key(b)), "a refused put must leave the 500-byte entry");
    assertAccounting("refusing 1001 bytes with 900 of 1000 held", tier, a, b);
  }

  /**
   * {@code putOwned} follows the bound as {@code put} does: content of capacity + 1 bytes handed over
   * is refused and counted, nothing is evicted, and content that needs room evicts as a put would.
   */
  @Test
  public void putOwnedKeepsTheBound() {
    CacheTier tier = tier(1000);
    byte[] a = content(400, 1);
    byte[] b = content(500, 2);
    tier.putOwned(key(a), a.clone());
    tier.putOwned(key(b), b.clone());
    TierStats before = tier.stats();
    byte[] oversize = content(1001, 3);

    assertFalse(tier.putOwned(key(oversize), oversize.clone()),
        "putOwned of 1001 bytes into a tier of capacity 1000 must return false");

    TierStats after = tier.stats();
    assertEquals(before.rejectedPuts() + 1, after.rejectedPuts(),
        "a refused putOwned must count one stats().rejectedPuts()");
    assertEquals(before.evictions(), after.evictions(), "a refused putOwned must evict nothing");
    assertAccounting("refusing 1001 bytes handed over with 900 of 1000 held", tier, a, b);

    byte[] c = content(300, 4);
    assertTrue(tier.putOwned(key(c), c.clone()), "putOwned of 300 bytes that fit must store them");
    assertWithinCapacity("putOwned of 300 bytes into 900 of 1000 held", tier);
    assertArrayEquals(c, tier.getBytes(key(c)), "putOwned must store the bytes handed over");
    assertNull(tier.get(key(a)), "making room for 300 bytes must evict the least recently used");
    assertAccounting("putOwned of 300 bytes into 900 of 1000 held", tier, b, c);
  }

  /** A refused put under a key that is held leaves that entry as it was. */
  @Test
  public void oversizeReplacementLeavesTheEntry() {
    CacheTier tier = tier(1000);
    byte[] a = content(400, 1);
    tier.put(key(a), a);
    assertFalse(tier.put(key(a), content(1001, 2)),
        "put of 1001 bytes into a tier of capacity 1000 must return false, even for a held key");
    assertArrayEquals(a, tier.getBytes(key(a)),
        "a refused put must leave the entry it would have replaced, content unchanged");
    assertAccounting("refusing to replace a 400-byte entry with 1001 bytes", tier, a);
  }

  /** Content exactly as large as the capacity is accepted, evicting everything else. */
  @Test
  public void contentEqualToCapacityIsAccepted() {
    CacheTier tier = tier(1000);
    byte[] a = content(300, 1);
    byte[] b = content(300, 2);
    tier.put(key(a), a);
    tier.put(key(b), b);
    byte[] whole = content(1000, 3);
    TierStats before = tier.stats();
    assertTrue(tier.put(key(whole), whole),
        "put of exactly the capacity (1000 bytes) must be accepted");
    assertArrayEquals(whole, tier.getBytes(key(whole)), "the 1000-byte entry must be served");
    assertFalse(tier.contains(key(a)),
        "a 1000-byte entry in a 1000-byte tier leaves no room for a");
    assertFalse(tier.contains(key(b)),
        "a 1000-byte entry in a 1000-byte tier leaves no room for b");
    assertEquals(before.evictions() + 2, tier.stats().evictions(),
        "making room for 1000 bytes must count the 2 entries evicted");
    assertAccounting("putting exactly the capacity", tier, whole);
  }

  /** Empty content is an entry: held, served as zero bytes, counted once with zero bytes. */
  @Test
  public void emptyContentIsAnEntryOfZeroBytes() {
    CacheTier tier = tier(1000);
    byte[] a = content(1000, 1);
    byte[] empty = new byte[0];
    tier.put(key(a), a);
    assertTrue(tier.put(key(empty), empty), "put of empty content into a full tier must be "
        + "accepted: it needs no room");
    assertTrue(tier.contains(key(empty)), "contains of empty content just put must be true");
    assertTrue(tier.contains(key(a)), "putting empty content needs no room, so must evict nothing");
    assertNotNull(tier.get(key(empty)), "get of empty content just put must hit, not miss");
    assertEquals(0, tier.get(key(empty)).remaining(), "get of empty content must serve 0 bytes");
    assertAccounting("putting 1000 bytes and an empty entry into 1000", tier, a, empty);
  }

  /** A tier of capacity zero holds empty content and refuses anything else. */
  @Test
  public void capacityZeroTierAcceptsOnlyEmptyContent() {
    CacheTier tier = tier(0);
    byte[] empty = new byte[0];
    byte[] one = content(1, 1);
    assertTrue(tier.put(key(empty), empty), "a tier of capacity 0 must accept empty content");
    assertFalse(tier.put(key(one), one), "a tier of capacity 0 must refuse 1 byte");
    assertEquals(1, tier.stats().rejectedPuts(), "refusing 1 byte must count a rejected put");
    assertTrue(tier.contains(key(empty)), "the empty entry must stay live");
    assertAccounting("putting empty content and refusing 1 byte at capacity 0", tier, empty);
  }

  /**
   * Capacities above 2 GiB (accounting only: a few small entries are put) are kept exactly: the
   * tier reports the capacity configured and holds everything put, evicting nothing.
   */
  @Test
  public void capacitiesAbove2GiBAreKeptExactly() {
    for (long capacity : new long[] {3L << 30, (1L << 32) + 1000, 5L << 40}) {
      CacheTier tier = tier(capacity);
      assertEquals(capacity, tier.capacityBytes(), () -> "capacityBytes() must be the capacity "
          + "configured, " + capacity + " (more than an int holds)");
      Map<ContentKey, byte[]> all = new LinkedHashMap<>();
      for (int i = 0; i < 12; i++) {
        byte[] content = content(600, 60 + i);
        all.put(key(content), content);
        int n = i;
        assertTrue(tier.put(key(content), content), () -> "put #" + n + " of 600 bytes into a "
            + "capacity of " + capacity + " returned false");
      }
      for (byte[] content : all.values()) {
        assertTrue(tier.contains(key(content)), () -> "12 entries of 600 bytes fit a capacity of "
            + capacity + " with room to spare: none may be evicted");
      }
      assertEquals(0, tier.stats().evictions(), () -> "putting 7200 bytes into a capacity of "
          + capacity + " must evict nothing");
      assertAccounting("putting 12 entries of 600 bytes into a capacity of " + capacity, tier,
          all.values().toArray(new byte[0][]));
      discard(tier);
    }
  }

  /**
   * The streaming put is bounded as the array put is: many streamed entries of random sizes, each
   * stored and live, and the size never above the capacity.
   */
  @Test
  public void streamingPutsNeverExceedCapacity() {
    long capacity = 10_000;
    CacheTier tier = tier(capacity);
    SplittableRandom random = new SplittableRandom(17);
    Map<ContentKey, byte[]> all = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      int size = random.nextInt(4000);
      byte[] content = content(size, 3000 + i);
      PutResult result = putAsStream(tier, content, DigestAlgorithm.SHA_256);
      all.put(result.key(), content);
      int n = i;
      assertTrue(result.stored(), () -> "streaming put #" + n + " of " + size + " bytes (not "
          + "more than the capacity " + capacity + ") reported not stored");
      assertWithinCapacity("streaming put #" + n + " of " + size + " bytes", tier);
      assertTrue(tier.contains(result.key()), () -> "streaming put #" + n + " of " + size
          + " bytes reported stored, so the entry must be live right after it");
      assertAccountingOfLive("streaming put #" + n + " of " + size + " bytes", tier, all);
    }
  }

  /**
   * A streamed content of capacity + 1 bytes is refused as an array would be: not stored, counted
   * as rejected, nothing evicted, its key still reported.
   */
  @Test
  public void oversizeStreamingPutIsRefusedWithoutEviction() {
    CacheTier tier = tier(1000);
    byte[] a = content(400, 1);
    byte[] b = content(500, 2);
    tier.put(key(a), a);
    tier.put(key(b), b);
    TierStats before = tier.stats();
    byte[] oversize = content(1001, 3);

    PutResult result = putAsStream(tier, oversize, DigestAlgorithm.SHA_256);

    assertEquals(key(oversize), result.key(), "a refused streaming put must still report the "
        + "key of what it read");
    assertFalse(result.stored(), "streaming 1001 bytes into a capacity of 1000 must report not "
        + "stored");
    TierStats after = tier.stats();
    assertEquals(before.rejectedPuts() + 1, after.rejectedPuts(),
        "a refused streaming put must count one stats().rejectedPuts()");
    assertEquals(before.puts(), after.puts(), "a refused streaming put must not count as a put");
    assertEquals(before.evictions(), after.evictions(), "a refused streaming put must evict "
        + "nothing");
    assertFalse(tier.contains(key(oversize)), "refused content must not be live");
    assertAccounting("refusing to stream 1001 bytes with 900 of 1000 held", tier, a, b);
  }

  private static void assertAccountingOfLive(
      String after, CacheTier tier, Map<ContentKey, byte[]> candidates) {
    long bytes = 0;
    long entries = 0;
    for (Map.Entry<ContentKey, byte[]> candidate : candidates.entrySet()) {
      if (tier.contains(candidate.getKey())) {
        bytes += candidate.getValue().length;
        entries++;
      }
    }
    assertAccounting(after + ", summed over the entries contains reports live", tier, bytes,
        entries);
    assertWithinCapacity(after, tier);
  }
}
