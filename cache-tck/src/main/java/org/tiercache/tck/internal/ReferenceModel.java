package org.tiercache.tck.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The contract of a tier written as plainly as possible, for model-based sequences: a byte-bounded
 * LRU in use order with expire-after-write, and the counters a tier must keep.
 *
 * <p>Where the contract leaves a tier free, the model keeps the freedom instead of a choice: an
 * expired entry may be reclaimed whenever the tier likes (or when room is needed, before any live
 * entry is evicted, and then all of them), so the model keeps every expired entry it has not seen
 * leave as <em>pending</em>: either still held by the tier or already counted as an expiration, one
 * or the other. A put or remove over an expired entry, and {@code evictExpired}, make it leave for
 * sure, counted: those go into {@link #countedExpirations()}.
 *
 * <p>Entries are indexes into a {@link ModelUniverse}. Not thread-safe.
 */
public final class ReferenceModel {
  private final long capacity;
  private final long ttlNanos; // 0: nothing expires
  // Use order, least recently used first: a use takes an entry out and puts it back.
  private final LinkedHashMap<Integer, Held> entries = new LinkedHashMap<>();
  private long hits;
  private long misses;
  private long puts;
  private long rejectedPuts;
  private long evictions;
  private long countedExpirations;

  /** An entry: which content it holds, its size and its write time. */
  private record Held(int variant, int size, long writtenAt) {}

  /**
   * An entry evicted for room, as the listener must hear of it.
   *
   * @param key the entry
   * @param variant the content it held
   */
  public record Evicted(int key, int variant) {}

  /**
   * Creates an empty model.
   *
   * @param capacity the tier's capacity
   * @param ttlNanos the time to live in nanoseconds, 0 for none
   */
  public ReferenceModel(long capacity, long ttlNanos) {
    this.capacity = capacity;
    this.ttlNanos = ttlNanos;
  }

  /**
   * A put: refused if larger than the capacity; otherwise the key's old entry leaves (counted if
   * expired, neither evicted nor told if live), and if the live entries leave no room, every expired
   * entry goes, then live entries least recently used first until the content fits.
   *
   * @param key the entry
   * @param variant its content
   * @param size the content's length
   * @param now the clock
   * @return the entries evicted, or {@code null} if the put is refused
   */
  public List<Evicted> put(int key, int variant, int size, long now) {
    if (size > capacity) {
      rejectedPuts++;
      return null;
    }
    Held old = entries.remove(key);
    if (old != null && expired(old, now)) {
      countedExpirations++;
    }
    List<Evicted> evicted = new ArrayList<>();
    if (liveBytes(now) + size > capacity) {
      for (Iterator<Held> it = entries.values().iterator(); it.hasNext(); ) {
        if (expired(it.next(), now)) {
          it.remove();
          countedExpirations++;
        }
      }
      long live = liveBytes(now);
      for (Iterator<Map.Entry<Integer, Held>> lru = entries.entrySet().iterator();
          live + size > capacity; ) {
        Map.Entry<Integer, Held> victim = lru.next();
        lru.remove();
        live -= victim.getValue().size;
        evictions++;
        evicted.add(new Evicted(victim.getKey(), victim.getValue().variant));
      }
    }
    entries.put(key, new Held(variant, size, now));
    puts++;
    return evicted;
  }

  /**
   * A refused put of content larger than the capacity, under a key no entry has.
   */
  public void refuse() {
    rejectedPuts++;
  }

  /**
   * A get (or getBytes, or openStream): a hit refreshes recency.
   *
   * @param key the entry
   * @param now the clock
   * @return the content variant served, or {@code null} for a miss
   */
  public Integer get(int key, long now) {
    Held held = entries.get(key);
    if (held == null || expired(held, now)) {
      misses++;
      return null;
    }
    hits++;
    entries.remove(key);
    entries.put(key, held);
    return held.variant;
  }

  /**
   * Whether an entry is live.
   *
   * @param key the entry
   * @param now the clock
   * @return {@code true} if live
   */
  public boolean contains(int key, long now) {
    Held held = entries.get(key);
    return held != null && !expired(held, now);
  }

  /**
   * A remove: {@code true} only for a live entry; an expired one leaves, counted.
   *
   * @param key the entry
   * @param now the clock
   * @return what remove must return
   */
  public boolean remove(int key, long now) {
    Held held = entries.remove(key);
    if (held == null) {
      return false;
    }
    if (expired(held, now)) {
      countedExpirations++;
      return false;
    }
    return true;
  }

  /**
   * evictExpired: every pending entry leaves, counted.
   *
   * @param now the clock
   */
  public void evictExpired(long now) {
    for (Iterator<Held> it = entries.values().iterator(); it.hasNext(); ) {
      if (expired(it.next(), now)) {
        it.remove();
        countedExpirations++;
      }
    }
  }

  /**
   * A clear: every entry leaves, and no expiration is counted; those the tier had counted before
   * (pending entries it had reclaimed) become part of the known count.
   *
   * @param expirationsCountedByTheTier the expirations the tier counted up to the clear
   */
  public void clear(long expirationsCountedByTheTier) {
    entries.clear();
    countedExpirations = expirationsCountedByTheTier;
  }

  /**
   * Returns the live entries' bytes.
   *
   * @param now the clock
   * @return the figure
   */
  public long liveBytes(long now) {
    return entries.values().stream().filter(h -> !expired(h, now)).mapToLong(Held::size).sum();
  }

  /**
   * Returns the number of live entries.
   *
   * @param now the clock
   * @return the figure
   */
  public long liveCount(long now) {
    return entries.values().stream().filter(h -> !expired(h, now)).count();
  }

  /**
   * Returns the bytes of the pending (expired, not yet seen leaving) entries.
   *
   * @param now the clock
   * @return the figure
   */
  public long pendingBytes(long now) {
    return entries.values().stream().filter(h -> expired(h, now)).mapToLong(Held::size).sum();
  }

  /**
   * Returns the number of pending entries.
   *
   * @param now the clock
   * @return the figure
   */
  public long pendingCount(long now) {
    return entries.values().stream().filter(h -> expired(h, now)).count();
  }

  /**
   * Describes the entries for a message: live ones least recently used first, then pending ones.
   *
   * @param now the clock
   * @return such as {@code live [k3#0, k1#2], expired [k5#1]}
   */
  public String describe(long now) {
    List<String> live = new ArrayList<>();
    List<String> pending = new ArrayList<>();
    entries.forEach((k, h) -> (expired(h, now) ? pending : live).add("k" + k + "#" + h.variant));
    return "live, least recently used first, " + live + "; expired, not seen leaving " + pending;
  }

  /**
   * Returns gets that hit.
   *
   * @return the count
   */
  public long hits() {
    return hits;
  }

  /**
   * Returns gets that missed.
   *
   * @return the count
   */
  public long misses() {
    return misses;
  }

  /**
   * Returns puts that stored.
   *
   * @return the count
   */
  public long puts() {
    return puts;
  }

  /**
   * Returns puts refused.
   *
   * @return the count
   */
  public long rejectedPuts() {
    return rejectedPuts;
  }

  /**
   * Returns live entries evicted for room.
   *
   * @return the count
   */
  public long evictions() {
    return evictions;
  }

  /**
   * Returns the expirations the tier must have counted, pending entries aside.
   *
   * @return the count
   */
  public long countedExpirations() {
    return countedExpirations;
  }

  private boolean expired(Held held, long now) {
    return ttlNanos != 0 && now - held.writtenAt >= ttlNanos;
  }
}
