package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.TierStats;
import org.tiercache.tck.internal.EvictionRecorder;
import org.tiercache.tck.internal.EvictionRecorder.Heard;

/**
 * The eviction listener rules ({@link EvictionListener}): a tier tells its listener of exactly the
 * live entries it evicts for room, each with its content, and of nothing else (not expired, removed,
 * replaced or cleared entries); it calls the listener outside its locks, so that a listener may call
 * back into the tier from any thread; a listener that throws does not break the put.
 *
 * <p>A tier may ignore the listener ({@link org.tiercache.api.TierConfig#evictionListener()} allows
 * it when it cannot hand back evicted content): a tier that tells its listener of no eviction at all
 * has every test here skipped as not applicable, unless {@link #promisesEvictionListener()} says it
 * must tell one.
 *
 * <p>Entries are named {@code a}, {@code b}... in messages; "room for 3" means a capacity of three
 * 100-byte entries.
 *
 * @since 0.2
 */
public abstract class EvictionListenerContract extends TierContract {
  private static final int ENTRY = 100;

  private final EvictionRecorder recorder = new EvictionRecorder();

  /** For subclasses. */
  protected EvictionListenerContract() {}

  /**
   * Returns how long a listener waits for a call it made into the tier from another thread before
   * declaring the tier blocked by a lock held around the listener. A guard against a deadlock, not a
   * performance check: the default is far beyond any healthy call.
   *
   * @return a positive duration
   */
  protected Duration callbackTimeout() {
    return Duration.ofSeconds(20);
  }

  /**
   * The listener hears exactly the live entries evicted for room, one call each, however many one
   * put evicts.
   */
  @Test
  public void listenerIsToldOfExactlyTheEntriesEvictedForRoom() {
    CacheTier tier = listenedTier(3 * ENTRY, null);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    put(tier, e, "a", "b", "c");
    assertHeard("put a, b, c (room for 3)", e);
    assertTrue(tier.get(key(e.get("a"))) != null, "get of a, just put with room, must hit");
    put(tier, e, "d");
    assertHeard("put a, b, c; get a; put d (room for 3): b was evicted", e, "b");
    byte[] big = content(3 * ENTRY, 50);
    e.put("big", big);
    TierStats before = tier.stats();
    assertTrue(tier.put(key(big), big), "put of 300 bytes into a capacity of 300 returned false");
    assertHeard("then put 300 bytes into room for 3 holding c, a, d: all three were evicted by "
        + "that one put", e, "a", "c", "d");
    assertEquals(before.evictions() + 3, tier.stats().evictions(),
        "the three entries the listener heard of must be counted as 3 evictions");
  }

  /** Each entry the listener hears of comes with its whole content, read-only. */
  @Test
  public void listenerReceivesEachEvictedEntrysContent() {
    CacheTier tier = listenedTier(1000, null);
    Map<String, byte[]> e = new LinkedHashMap<>();
    e.put("a", content(1, 61));
    e.put("b", content(499, 62));
    e.put("c", content(300, 63));
    e.put("d", content(900, 64));
    put(tier, e, "a", "b", "c", "d");
    List<Heard> heard = recorder.drain();
    assertEquals(3, heard.size(), () -> "put 1, 499 and 300 bytes, then 900 into 1000: a, b and c "
        + "must be evicted and heard of; heard " + heard);
    for (Heard h : heard) {
      String name = nameOf(e, h.key());
      assertTrue(name != null, () -> "the listener was told of " + h.key()
          + ", a key never put");
      assertArrayEquals(e.get(name), h.content(), () -> "the listener was told of " + name
          + " with content that is not what was put under it (" + h.content().length
          + " bytes for " + e.get(name).length + ")");
      assertTrue(h.readOnly(), () -> "the listener was handed a writable buffer for " + name
          + ": it must be read-only, like every buffer a tier hands out");
    }
  }

  /**
   * Expired entries are not evictions: the listener hears nothing of them, whether a put reclaims
   * them for room, {@code evictExpired} does, or a get finds them.
   */
  @Test
  public void listenerIsNotToldOfExpiredEntries() {
    Duration ttl = ttlForTests();
    CacheTier tier = listenedTier(3 * ENTRY, ttl);
    Map<String, byte[]> e = entries("x1", "x2", "x3", "a", "b", "c", "d");
    put(tier, e, "x1", "x2");
    clock().advance(ttl);
    put(tier, e, "a", "b", "c");
    assertHeard("put x1, x2; let them expire; put a, b, c into room for 3: x1 and x2 were "
        + "reclaimed as expired, not evicted", e);
    clock().advance(ttl.dividedBy(2));
    tier.get(key(e.get("x1")));
    clock().advance(ttl.minus(ttl.dividedBy(2)));
    tier.get(key(e.get("a")));
    tier.evictExpired();
    assertHeard("then let a, b, c expire, get x1 and a, and evictExpired", e);
    put(tier, e, "x3", "a", "b", "c");
    assertHeard("then put x3, a, b, c into room for 3 (nothing live before them): x3 was evicted",
        e, "x3");
  }

  /** A removed entry is not an eviction: the listener hears nothing of it. */
  @Test
  public void listenerIsNotToldOfRemovedEntries() {
    CacheTier tier = listenedTier(3 * ENTRY, null);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    put(tier, e, "a", "b", "c");
    assertTrue(tier.remove(key(e.get("b"))), "remove of b, live, returned false");
    assertTrue(tier.remove(key(e.get("a"))), "remove of a, live, returned false");
    put(tier, e, "d");
    assertHeard("put a, b, c; remove b and a; put d (room for 3)", e);
  }

  /** Clear is not an eviction: the listener hears nothing of the entries it removes. */
  @Test
  public void listenerIsNotToldOfClearedEntries() {
    CacheTier tier = listenedTier(3 * ENTRY, null);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    put(tier, e, "a", "b", "c");
    tier.clear();
    put(tier, e, "d");
    assertHeard("put a, b, c; clear; put d (room for 3)", e);
  }

  /**
   * A replaced entry is not an eviction: the listener hears nothing of the old content a put under
   * the same key replaces, and only of the others when the new content needs their room.
   */
  @Test
  public void listenerIsNotToldOfReplacedEntries() {
    CacheTier tier = listenedTier(3 * ENTRY, null);
    Map<String, byte[]> e = entries("a", "b", "c");
    put(tier, e, "a", "b", "c");
    TierStats before = tier.stats();
    byte[] larger = content(ENTRY + 20, 70);
    assertTrue(tier.put(key(e.get("c")), content(ENTRY, 71)), "replacing c returned false");
    assertHeard("put a, b, c (room for 3); put other content of the same size under c's key", e);
    assertTrue(tier.put(key(e.get("b")), larger), "replacing b with 120 bytes returned false");
    assertHeard("then put 120 bytes under b's key: a, least recently used, was evicted for the "
        + "room; b's old content was replaced, not evicted", e, "a");
    TierStats stats = tier.stats();
    assertEquals(before.evictions() + 1, stats.evictions(), () -> "only a was evicted; replacing "
        + "c and b are not evictions: before " + before + ", after " + stats);
  }

  /**
   * The tier calls its listener outside its locks: a listener that calls back into the tier, from
   * its own thread and from another one it waits for, completes, and finds the evicted entry gone.
   *
   * @throws InterruptedException if the test is interrupted
   */
  @Test
  public void listenerRunsOutsideTheTiersLocks() throws InterruptedException {
    CacheTier tier = listenedTier(3 * ENTRY, null);
    Map<String, byte[]> e = entries("a", "b", "c", "d");
    byte[] other = content(0, 72);
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    ExecutorService helper = Executors.newSingleThreadExecutor(daemon("kit-listener-helper"));
    ExecutorService putter = Executors.newSingleThreadExecutor(daemon("kit-listener-putter"));
    try {
      put(tier, e, "a", "b", "c");
      recorder.then((evictedKey, content) -> {
        if (tier.contains(evictedKey)) {
          problems.add("the listener was told of " + evictedKey + " while it was still live: "
              + "the tier must tell it after the eviction");
        }
        tier.sizeBytes();
        tier.stats();
        Future<?> call = helper.submit(() -> {
          tier.put(key(other), other);
          tier.remove(key(other));
          tier.get(key(e.get("c")));
          tier.evictExpired();
          return null;
        });
        try {
          call.get(callbackTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException blocked) {
          problems.add("a put, remove, get and evictExpired on another thread, called from the "
              + "listener, did not complete within " + callbackTimeout() + ": the tier holds a "
              + "lock while it calls its listener, so a listener that waits for the tier "
              + "deadlocks");
        } catch (ExecutionException failed) {
          problems.add("calling the tier from another thread inside the listener threw "
              + failed.getCause());
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
        }
      });
      Future<Boolean> put = putter.submit(() -> tier.put(key(e.get("d")), e.get("d")));
      try {
        assertTrue(put.get(2 * callbackTimeout().toNanos(), TimeUnit.NANOSECONDS),
            "put of d returned false");
      } catch (TimeoutException deadlocked) {
        fail("put of d, which evicts a, did not return within " + callbackTimeout().multipliedBy(2)
            + " while its listener called back into the tier on the putting thread: the tier "
            + "calls its listener under a lock the same thread cannot take again");
      } catch (ExecutionException failed) {
        fail("put of d threw while its listener called back into the tier: " + failed.getCause(),
            failed.getCause());
      }
    } finally {
      recorder.then(null);
      putter.shutdownNow();
      helper.shutdownNow();
    }
    assertTrue(problems.isEmpty(), () -> String.join("; ", problems));
    assertHeard("put a, b, c; put d (room for 3), with a listener calling back into the tier", e,
        "a");
  }

  /**
   * A listener that throws does not break the put: it returns {@code true}, the new entry is live,
   * the accounting and counters are exact, and the tier goes on telling its listener.
   */
  @Test
  public void throwingListenerDoesNotBreakThePut() {
    CacheTier tier = listenedTier(3 * ENTRY, null);
    Map<String, byte[]> e = entries("a", "b", "c", "d", "e");
    put(tier, e, "a", "b", "c");
    TierStats before = tier.stats();
    recorder.then((k, c) -> {
      throw new IllegalStateException("a listener failure planted by the compatibility kit");
    });
    boolean stored;
    try {
      stored = tier.put(key(e.get("d")), e.get("d"));
    } catch (RuntimeException thrown) {
      throw new AssertionError("put of d threw because its eviction listener threw; the tier "
          + "must log the listener's failure and let the put stand: " + thrown, thrown);
    }
    assertTrue(stored, "put of d must return true although its listener threw");
    assertLive("put a, b, c; put d (room for 3) with a throwing listener", tier, e, "b", "c", "d");
    assertAccounting("put d with a throwing listener", tier, e.get("b"), e.get("c"), e.get("d"));
    TierStats stats = tier.stats();
    assertEquals(before.puts() + 1, stats.puts(), () -> "the put of d counts although its "
        + "listener threw: before " + before + ", after " + stats);
    assertEquals(before.evictions() + 1, stats.evictions(), () -> "the eviction of a counts "
        + "although the listener threw: before " + before + ", after " + stats);
    recorder.then(null);
    recorder.drain();
    put(tier, e, "e");
    assertHeard("then, with the listener no longer throwing, put e: b was evicted and the tier "
        + "must still tell its listener", e, "b");
  }

  // ---------------------------------------------------------------------------------- helpers

  /** Opens a tier with the recorder as listener, after checking that the tier tells one. */
  private CacheTier listenedTier(long capacity, Duration ttl) {
    boolean tells = tierTellsEvictionListener();
    assumeTrue(tells, "not applicable: the tier told its eviction listener of nothing (it may "
        + "ignore the listener, as TierConfig.evictionListener() allows a tier that cannot hand "
        + "back evicted content)");
    recorder.drain();
    var config = configBuilder(capacity).evictionListener(recorder);
    if (ttl != null) {
      config.ttl(ttl);
    }
    return open(config.build());
  }

  private void assertHeard(String after, Map<String, byte[]> entries, String... expected) {
    List<Heard> heard = recorder.drain();
    List<String> names = new ArrayList<>();
    for (Heard h : heard) {
      String name = nameOf(entries, h.key());
      names.add(name == null ? h.key().toString() : name);
    }
    assertEquals(new TreeSet<>(List.of(expected)), new TreeSet<>(names),
        () -> "entries the eviction listener was told of after " + after + " (heard " + names
            + ")");
    assertEquals(expected.length, heard.size(), () -> "the eviction listener must be told of each "
        + "evicted entry once after " + after + "; heard " + names);
  }

  private static String nameOf(Map<String, byte[]> entries, ContentKey key) {
    for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
      if (key(entry.getValue()).equals(key)) {
        return entry.getKey();
      }
    }
    return null;
  }

  private static Map<String, byte[]> entries(String... names) {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < names.length; i++) {
      entries.put(names[i], content(ENTRY, 40 + i));
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

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      // A thread stuck in a deadlocked tier must not keep the test JVM alive.
      thread.setDaemon(true);
      return thread;
    };
  }
}
