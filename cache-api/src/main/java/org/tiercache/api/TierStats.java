package org.tiercache.api;

/**
 * A snapshot of a tier's counters and occupancy, taken by {@link CacheTier#stats()}.
 *
 * <p>Counters grow from the tier's creation (or reopening) and are never reset by
 * {@link CacheTier#clear()}; {@code sizeBytes} and {@code entryCount} are the occupancy at the moment
 * of the snapshot.
 *
 * @param hits gets that returned content
 * @param misses gets that found nothing live (absent or expired)
 * @param puts puts that stored their content
 * @param rejectedPuts puts that were refused, such as content larger than the capacity
 * @param evictions live entries removed to make room
 * @param expirations entries removed because their time to live had passed, whichever call
 *     reclaimed them (a write, a get or remove that found them expired, or
 *     {@link CacheTier#evictExpired()})
 * @param damaged entries found damaged when read (content not matching its checksum or digest, a
 *     file truncated or gone behind the tier's back) and removed; each such get is also a miss
 * @param sizeBytes bytes of content held
 * @param entryCount entries held
 *
 * @since 0.1
 */
public record TierStats(
    long hits,
    long misses,
    long puts,
    long rejectedPuts,
    long evictions,
    long expirations,
    long damaged,
    long sizeBytes,
    long entryCount) {

  /** All zero. */
  public static final TierStats EMPTY = new TierStats(0, 0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * Checks that no figure is negative.
   *
   * @param hits gets that returned content
   * @param misses gets that found nothing live
   * @param puts puts that stored their content
   * @param rejectedPuts puts that were refused
   * @param evictions live entries removed to make room
   * @param expirations expired entries removed
   * @param damaged entries found damaged and removed
   * @param sizeBytes bytes of content held
   * @param entryCount entries held
   *
   * @throws IllegalArgumentException naming the first negative figure
   */
  public TierStats {
    requireNonNegative("hits", hits);
    requireNonNegative("misses", misses);
    requireNonNegative("puts", puts);
    requireNonNegative("rejectedPuts", rejectedPuts);
    requireNonNegative("evictions", evictions);
    requireNonNegative("expirations", expirations);
    requireNonNegative("damaged", damaged);
    requireNonNegative("sizeBytes", sizeBytes);
    requireNonNegative("entryCount", entryCount);
  }

  /**
   * Returns the number of gets counted: hits plus misses.
   *
   * @return the request count
   */
  public long requestCount() {
    return hits + misses;
  }

  /**
   * Returns the share of gets that hit, or 1 when there were none (as Caffeine reports it).
   *
   * @return the hit rate, between 0 and 1
   */
  public double hitRate() {
    long requests = requestCount();
    return requests == 0 ? 1.0 : (double) hits / requests;
  }

  /**
   * Adds two snapshots figure by figure, as a composed cache reports the sum of its tiers.
   *
   * @param other the snapshot to add
   * @return the sum
   */
  public TierStats plus(TierStats other) {
    return new TierStats(
        hits + other.hits,
        misses + other.misses,
        puts + other.puts,
        rejectedPuts + other.rejectedPuts,
        evictions + other.evictions,
        expirations + other.expirations,
        damaged + other.damaged,
        sizeBytes + other.sizeBytes,
        entryCount + other.entryCount);
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }
}
