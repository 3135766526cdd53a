package org.tiercache.tiered;

import java.util.Objects;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;

/**
 * What one tier of a {@link TieredCache} has done, as {@link TieredCache#tierStats()} reports it.
 *
 * @param name the tier's name in the stack: its id, such as {@code memory}, followed by {@code #2},
 *     {@code #3}... for the second and later tiers with the same id
 * @param rule the sizes the tier takes
 * @param stats the tier's own statistics: its hits and misses as the stack asked it (a get that an
 *     upper tier answered never reaches it), its puts including promotions and spills into it, its
 *     evictions and expirations, its occupancy
 * @param failures calls from the stack to the tier that threw (each treated as a miss, a skipped write
 *     or a failure of the whole call; see {@link TieredCache})
 * @param health the tier's own {@link org.tiercache.api.CacheTier#health() health} when the report
 *     was taken (a tier whose {@code health()} throws is reported down, with that as the cause)
 *
 * @since 0.1
 */
public record TierReport(String name, SizeRule rule, TierStats stats, long failures,
    TierHealth health) {
  /**
   * Checks the fields.
   *
   * @param name the tier's name in the stack
   * @param rule the sizes the tier takes
   * @param stats the tier's own statistics
   * @param failures calls to the tier that threw
   * @param health the tier's health
   * @throws NullPointerException if {@code name}, {@code rule}, {@code stats} or {@code health} is
   *     {@code null}
   * @throws IllegalArgumentException if {@code failures} is negative
   */
  public TierReport {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(rule, "rule must not be null");
    Objects.requireNonNull(stats, "stats must not be null");
    Objects.requireNonNull(health, "health must not be null");
    if (failures < 0) {
      throw new IllegalArgumentException("failures must not be negative: " + failures);
    }
  }
}
