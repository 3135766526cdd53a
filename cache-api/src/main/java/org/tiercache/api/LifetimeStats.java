package org.tiercache.api;

import java.time.Instant;
import java.util.Objects;

/**
 * A tier's counters added up over every instance that has used its store, taken by
 * {@link CacheTier#lifetimeStats()}: for a persistent tier every instance that opened its storage,
 * in this process and earlier ones; for a shared tier every client of its namespace.
 *
 * <p>{@link CacheTier#stats()} counts from the moment this instance opened, so a process that lives
 * for a moment (a command, a job) always sees counts near zero there; these are the counts an
 * operator asks for ("hit rate of this cache"), as {@code ccache -s} keeps them in its cache folder.
 *
 * @param stats the counters (hits, misses, puts, refusals, evictions, expirations, damaged entries)
 *     added up since {@code since}, this instance's included; the occupancy ({@code sizeBytes},
 *     {@code entryCount}) is the store's at the moment of the snapshot, as in
 *     {@link CacheTier#stats()}
 * @param since when the store began counting, on the tier's {@link CacheClock}: the first instance
 *     that kept lifetime counts, or the moment the counts were started afresh (a tier that finds its
 *     record of them damaged starts again, and says so)
 *
 * @since 0.2
 */
public record LifetimeStats(TierStats stats, Instant since) {

  /**
   * Checks the fields.
   *
   * @param stats the counters added up, and the occupancy now
   * @param since when the counting began
   * @throws NullPointerException if an argument is {@code null}
   */
  public LifetimeStats {
    Objects.requireNonNull(stats, "stats must not be null");
    Objects.requireNonNull(since, "since must not be null");
  }
}
