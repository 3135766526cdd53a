package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;

/**
 * The LRU rules: when room is needed, live entries go least recently used first, and no more than
 * needed; {@code get} and {@code put} are uses, {@code contains} is not. The order must be exact
 * for any single-threaded sequence of calls.
 *
 * <p>No test here sets a time to live, so every entry stays live and only the order decides.
 * Entries are named {@code a}, {@code b}... in messages; "room for 3" means a capacity of three
 * 100-byte entries.
 *
 * @since 0.1
 */
public abstract class LruContract extends TierContract {
  private static final int ENTRY = 100;

  /** For subclasses. */
  protected LruContract() {}

  /** When room is needed the least recently used entry goes, whether last used by put or get. */
  @Test
  public void evictsLeastRecentlyUsedFirst() {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c", "d", "e");
    put(tier, e, "a", "b", "c");
    get(tier, e, "a");
    put(tier, e, "d");
    assertLive("put a, b, c; get a; put d (room for 3): b was least recently used", tier, e,
        "a", "c", "d");
    get(tier, e, "c");
    put(tier, e, "e");
    assertLive("put a, b, c; get a; put d; get c; put e (room for 3): a was least recently used",
        tier, e, "c", "d", "e");
  }

  /** A get is a use: the entry got survives an eviction that takes an entry put after it. */
  @Test
  public void getIsAUse() {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    put(tier, e, "a", "b", "c");
    get(tier, e, "a");
    put(tier, e, "d");
    assertLive("put a, b, c; get a; put d (room for 3): the get made a recently used, so b goes",
        tier, e, "a", "c", "d");
  }

  /** A put of a key already held is a use, as a first put is. */
  @Test
  public void rePutIsAUse() {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    put(tier, e, "a", "b", "c", "a", "d");
    assertLive("put a, b, c, a again, d (room for 3): re-putting a made it recently used, "
        + "so b goes",
        tier, e, "a", "c", "d");
  }

  /**
   * An {@code openStream} is a use, as a get is: the entry streamed survives an eviction that takes
   * an entry put after it.
   *
   * @throws IOException if reading the stream fails
   */
  @Test
  public void openStreamIsAUse() throws IOException {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    put(tier, e, "a", "b", "c");
    try (InputStream in = tier.openStream(key(e.get("a")))) {
      assertNotNull(in, "openStream of a, just put with room, must not be null");
      assertArrayEquals(e.get("a"), in.readAllBytes(), "openStream of a must serve its bytes");
    }
    put(tier, e, "d");
    assertLive("put a, b, c; openStream a; put d (room for 3): the stream made a recently used, so "
        + "b goes", tier, e, "a", "c", "d");
  }

  /**
   * Single-threaded LRU order stays exact however many gets come between two writes: thousands of
   * gets, then puts that evict, leave exactly the entries a reference LRU keeps. A tier that
   * buffers reads must not drop any when one thread makes them.
   */
  @Test
  public void lruStaysExactAfterThousandsOfGetsBetweenWrites() {
    int slots = 64;
    CacheTier tier = tier((long) slots * ENTRY);
    ReferenceLru model = new ReferenceLru((long) slots * ENTRY);
    byte[][] contents = new byte[slots * 3][];
    for (int i = 0; i < contents.length; i++) {
      contents[i] = content(ENTRY, 5000 + i);
    }
    SplittableRandom random = new SplittableRandom(20_261_124);
    int next = 0;
    for (; next < slots; next++) {
      assertTrue(tier.put(key(contents[next]), contents[next]), "put with room returned false");
      model.put(next, ENTRY);
    }
    for (int round = 1; round <= 4; round++) {
      List<Integer> live = model.order();
      int gets = 1000 + random.nextInt(3000);
      for (int g = 0; g < gets; g++) {
        // Most reads on a quarter of the entries, so that the order depends on reads far back.
        int pick = live.get(random.nextInt(4) == 0 ? random.nextInt(live.size())
            : random.nextInt(live.size() / 4));
        int n = g;
        assertNotNull(tier.get(key(contents[pick])), () -> "get #" + n + " of a live entry missed");
        model.get(pick);
      }
      for (int p = 0; p < slots / 2; p++, next++) {
        assertTrue(tier.put(key(contents[next]), contents[next]), "put with room returned false");
        model.put(next, ENTRY);
      }
      Set<Integer> expected = model.keys();
      Set<Integer> actual = new TreeSet<>();
      for (int i = 0; i < next; i++) {
        if (tier.contains(key(contents[i]))) {
          actual.add(i);
        }
      }
      int r = round;
      int g = gets;
      assertEquals(expected, actual, () -> "round " + r + ": after " + g + " gets of entries "
          + "of a full tier of " + slots + ", then " + (slots / 2) + " puts, the live entries "
          + "must be those a reference LRU keeps: the puts evict the least recently used, "
          + "counting every get (a tier that records reads in a buffer must not drop them)");
    }
  }

  /** {@code contains} is not a use: it does not save an entry from eviction. */
  @Test
  public void containsIsNotAUse() {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    put(tier, e, "a", "b", "c");
    assertTrue(tier.contains(key(e.get("a"))), "contains of an entry just put must be true");
    put(tier, e, "d");
    // Checked with get, not contains: the rule under test is contains itself.
    Set<String> live = new TreeSet<>();
    for (Map.Entry<String, byte[]> entry : e.entrySet()) {
      if (tier.get(key(entry.getValue())) != null) {
        live.add(entry.getKey());
      }
    }
    assertEquals(new TreeSet<>(List.of("b", "c", "d")), live,
        "live entries after put a, b, c; contains a; put d (room for 3): contains is not a use, "
            + "so a was still least recently used and must have been evicted");
  }

  /** Eviction stops as soon as the new entry fits: entries of varied sizes, none evicted
   * needlessly. */
  @Test
  public void evictsNoMoreEntriesThanNeeded() {
    CacheTier tier = tier(1000);
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("a100", content(100, 1));
    e.put("b200", content(200, 2));
    e.put("c300", content(300, 3));
    e.put("d400", content(400, 4));
    e.put("e250", content(250, 5));
    e.put("f50", content(50, 6));
    e.put("g0", content(0, 7));
    put(tier, e, "a100", "b200", "c300", "d400");
    assertLive("put 100, 200, 300, 400 bytes into 1000: exactly full, nothing evicted", tier, e,
        "a100", "b200", "c300", "d400");
    put(tier, e, "e250");
    assertLive("then put 250 bytes into 1000 full: evicting a100 leaves 900, too full; evicting "
        + "b200 too leaves 700, room; c300 and d400 must stay", tier, e,
        "c300", "d400", "e250");
    put(tier, e, "f50");
    assertLive("then put 50 bytes with 950 of 1000 held: it fits, nothing may be evicted", tier, e,
        "c300", "d400", "e250", "f50");
    put(tier, e, "g0");
    assertLive("then put 0 bytes into 1000 full: it fits, nothing may be evicted", tier, e,
        "c300", "d400", "e250", "f50", "g0");
    assertAccounting("the puts above", tier, e.get("c300"), e.get("d400"), e.get("e250"),
        e.get("f50"), e.get("g0"));
  }

  /** Replacing an entry with larger content evicts others least recently used first, not itself. */
  @Test
  public void replacingWithLargerContentEvictsOthersLeastRecentlyUsedFirst() {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c");
    put(tier, e, "a", "b", "c");
    byte[] bigger = content(ENTRY + 50, 99);
    // "a" is least recently used when the put starts; the put makes it the most recent.
    assertTrue(tier.put(key(e.get("a")), bigger), "replacing a with 150 bytes returned false");
    assertLive("put a, b, c (100 bytes each, room 300); put 150 bytes under a's key: the put is a "
        + "use of a, so b, now least recently used, goes; a and c stay", tier, e, "a", "c");
    assertArrayEquals(bigger, tier.getBytes(key(e.get("a"))), "a must hold its new content");
  }

  /** Removing an entry and putting it back does not change the order of the others. */
  @Test
  public void removeThenPutDoesNotDisturbTheOrderOfOthers() {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c", "d", "e");
    put(tier, e, "a", "b", "c");
    get(tier, e, "a");
    assertTrue(tier.remove(key(e.get("c"))), "remove of c returned false");
    put(tier, e, "c");
    // Order now, least recent first: b, a, c.
    put(tier, e, "d");
    assertLive("put a, b, c; get a; remove c; put c; put d (room for 3): b goes first", tier, e,
        "a", "c", "d");
    put(tier, e, "e");
    assertLive("then put e: a goes next, its order kept across the remove and put of c", tier, e,
        "c", "d", "e");
  }

  /**
   * A long random sequence of puts, gets, removes and contains on entries of varied sizes leaves
   * exactly the entries a reference LRU holds, after every step.
   */
  @Test
  public void evictionMatchesReferenceLruOverRandomSequence() {
    int keys = 40;
    long capacity = 3000;
    SplittableRandom random = new SplittableRandom(20_260_101);
    byte[][] contents = new byte[keys][];
    for (int i = 0; i < keys; i++) {
      // At least one byte: which zero-length entry goes first frees no room and is a tie no rule
      // fixes beyond LRU order, so it is left to the explicit tests.
      contents[i] = content(1 + random.nextInt(400), 1000 + i);
    }
    CacheTier tier = tier(capacity);
    ReferenceLru model = new ReferenceLru(capacity);
    Deque<String> recent = new ArrayDeque<>();
    for (int n = 1; n <= 5000; n++) {
      int step = n;
      int k = random.nextInt(keys);
      int op = random.nextInt(10);
      String what;
      if (op < 5) {
        what = "put " + k + " (" + contents[k].length + " B)";
        boolean stored = tier.put(key(contents[k]), contents[k]);
        model.put(k, contents[k].length);
        assertTrue(stored, () -> step(step, what, recent)
            + ": put of content smaller than the capacity "
            + "returned false");
      } else if (op < 8) {
        what = "get " + k;
        byte[] got = tier.getBytes(key(contents[k]));
        boolean expected = model.get(k);
        if (expected) {
          assertNotNull(got, () -> step(step, what, recent) + ": the reference LRU holds " + k
              + " but get missed");
          assertArrayEquals(contents[k], got, () -> step(step, what, recent) + ": wrong bytes");
        } else {
          assertNull(got, () -> step(step, what, recent) + ": the reference LRU does not hold "
              + k + " but get hit");
        }
      } else if (op < 9) {
        what = "remove " + k;
        assertEquals(model.remove(k), tier.remove(key(contents[k])),
            () -> step(step, what, recent) + ": remove must return whether the entry was live");
      } else {
        what = "contains " + k;
        assertEquals(model.contains(k), tier.contains(key(contents[k])),
            () -> step(step, what, recent) + ": contains disagrees with the reference LRU");
      }
      recent.addLast(what);
      if (recent.size() > 12) {
        recent.removeFirst();
      }
      Set<Integer> live = new TreeSet<>();
      for (int i = 0; i < keys; i++) {
        if (tier.contains(key(contents[i]))) {
          live.add(i);
        }
      }
      Set<Integer> expected = model.keys();
      if (!expected.equals(live)) {
        Set<Integer> missing = new TreeSet<>(expected);
        missing.removeAll(live);
        Set<Integer> extra = new TreeSet<>(live);
        extra.removeAll(expected);
        fail(step(step, what, recent) + ": the keys live in the tier differ from a reference "
            + "LRU's; live in the reference but not in the tier: " + missing
            + "; live in the tier but not in the reference: " + extra
            + "; the reference's order, least recently used first: " + model.order());
      }
    }
  }

  /**
   * {@code getAll} is a get of each key, in the order given: the entries it found are used, the
   * first given least recently, and it returns exactly their bytes, in that order.
   */
  @Test
  public void getAllIsAUseOfEachKeyInTheOrderGiven() {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c", "d", "e", "x");
    put(tier, e, "a", "b", "c");
    Map<ContentKey, ByteBuffer> found = tier.getAll(
        List.of(key(e.get("b")), key(e.get("x")), key(e.get("a"))));
    assertEquals(List.of(key(e.get("b")), key(e.get("a"))), new ArrayList<>(found.keySet()),
        "getAll of b, x (never put), a after put a, b, c: the keys found, in the order given");
    assertArrayEquals(e.get("b"), bytes(found.get(key(e.get("b")))), "getAll must serve b's bytes");
    assertArrayEquals(e.get("a"), bytes(found.get(key(e.get("a")))), "getAll must serve a's bytes");
    put(tier, e, "d");
    assertLive("put a, b, c; getAll b, x, a; put d (room for 3): c was least recently used", tier,
        e, "a", "b", "d");
    put(tier, e, "e");
    assertLive("then put e: b, used by getAll before a, goes next", tier, e, "a", "d", "e");
  }

  /**
   * {@code putAll} is a put of each entry, in the map's order: the bound holds, the first entries
   * go first when room runs out, and content larger than the capacity is refused, evicting nothing.
   */
  @Test
  public void putAllIsAPutOfEachEntryInTheMapsOrder() {
    CacheTier tier = tier(3 * ENTRY);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    byte[] tooLarge = content(3 * ENTRY + 1, 77);
    Map<ContentKey, byte[]> batch = new LinkedHashMap<>();
    for (String name : List.of("a", "b", "c", "d")) {
      batch.put(key(e.get(name)), e.get(name));
    }
    batch.put(key(tooLarge), tooLarge);
    Map<ContentKey, Boolean> stored = tier.putAll(batch);
    Map<ContentKey, Boolean> expected = new LinkedHashMap<>();
    batch.keySet().forEach(key -> expected.put(key, true));
    expected.put(key(tooLarge), false);
    assertEquals(expected, stored, "putAll of a, b, c, d (100 bytes each, room 300) and 301 "
        + "bytes: each of a to d stored, the 301 bytes refused, in the map's order");
    assertLive("putAll a, b, c, d, and 301 bytes (room for 3): a went for d, and the refused "
        + "content evicted nothing", tier, e, "b", "c", "d");
    assertAccounting("putAll a, b, c, d (room for 3)", tier, e.get("b"), e.get("c"), e.get("d"));
  }

  private static byte[] bytes(ByteBuffer content) {
    assertNotNull(content, "content expected");
    byte[] bytes = new byte[content.remaining()];
    content.duplicate().get(bytes);
    return bytes;
  }

  private static String step(int step, String what, Deque<String> recent) {
    return "step " + step + " (" + what + "), after [" + String.join(", ", recent) + "]";
  }

  private static Map<String, byte[]> entries(String... names) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      entries.put(names[i], content(ENTRY, i + 1));
    }
    return entries;
  }

  private static void put(CacheTier tier, Map<String, byte[]> entries, String... names) {
    for (String name : names) {
      byte[] c = entries.get(name);
      assertTrue(tier.put(key(c), c), () -> "put of " + name + " (" + c.length
          + " bytes, no more than the capacity) returned false");
    }
  }

  private static void get(CacheTier tier, Map<String, byte[]> entries, String name) {
    assertNotNull(tier.get(key(entries.get(name))),
        () -> "get of " + name + " must hit: it was put and there was room");
  }

  /**
   * The rule written as plainly as possible: a byte-bounded LinkedHashMap in access order. A put
   * first drops the key's old content, then evicts from the least recently used end until the new
   * content fits.
   */
  private static final class ReferenceLru {
    private final long capacity;
    private final LinkedHashMap<Integer, Integer> sizes = new LinkedHashMap<>(16, 0.75f, true);
    private long size;

    ReferenceLru(long capacity) {
      this.capacity = capacity;
    }

    void put(int key, int length) {
      Integer old = sizes.remove(key);
      if (old != null) {
        size -= old;
      }
      Iterator<Map.Entry<Integer, Integer>> lru = sizes.entrySet().iterator();
      while (size + length > capacity) {
        size -= lru.next().getValue();
        lru.remove();
      }
      sizes.put(key, length);
      size += length;
    }

    boolean get(int key) {
      return sizes.get(key) != null;
    }

    boolean remove(int key) {
      Integer old = sizes.remove(key);
      if (old != null) {
        size -= old;
      }
      return old != null;
    }

    boolean contains(int key) {
      return sizes.containsKey(key);
    }

    Set<Integer> keys() {
      return new TreeSet<>(sizes.keySet());
    }

    List<Integer> order() {
      return new ArrayList<>(sizes.keySet());
    }
  }
}
