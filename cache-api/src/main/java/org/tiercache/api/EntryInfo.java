package org.tiercache.api;

import java.time.Instant;
import java.util.Objects;

/**
 * What a listing says of one live entry, as {@link CacheTier#entries()} gives it: its key, size,
 * write time and the tier that holds it. Not the content: reading that is a use, listing is not.
 *
 * <p>The write time is the time of the entry's last put on the tier's {@link CacheClock}, the
 * instant its time to live counts from; a persistent tier keeps it across a reopen. An entry's age
 * is the tier's clock now minus the write time, which on {@link CacheClock#system()} is wall-clock
 * age.
 *
 * @param key the entry's key
 * @param sizeBytes the content's length in bytes
 * @param writeTime when the content was last put, on the tier's clock
 * @param tier the tier holding the entry: the tier's {@link CacheTier#id() id}, or for a stack of
 *     tiers the name of the tier within the stack (such as {@code disk} or {@code memory#2})
 *
 * @since 0.2
 */
public record EntryInfo(ContentKey key, long sizeBytes, Instant writeTime, String tier) {

  /**
   * Checks the fields.
   *
   * @param key the entry's key
   * @param sizeBytes the content's length in bytes
   * @param writeTime when the content was last put
   * @param tier the tier holding the entry
   * @throws NullPointerException if {@code key}, {@code writeTime} or {@code tier} is {@code null}
   * @throws IllegalArgumentException if {@code sizeBytes} is negative
   */
  public EntryInfo {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(writeTime, "writeTime must not be null");
    Objects.requireNonNull(tier, "tier must not be null");
    if (sizeBytes < 0) {
      throw new IllegalArgumentException("sizeBytes must not be negative: " + sizeBytes);
    }
  }

  /**
   * Describes an entry from a reading of the tier's clock, as tiers keep write times.
   *
   * @param key the entry's key
   * @param sizeBytes the content's length in bytes
   * @param writeEpochNanos the write time, a reading of {@link CacheClock#epochNanos()}
   * @param tier the tier holding the entry
   * @return the entry's description
   * @throws NullPointerException if {@code key} or {@code tier} is {@code null}
   * @throws IllegalArgumentException if {@code sizeBytes} is negative
   */
  public static EntryInfo of(ContentKey key, long sizeBytes, long writeEpochNanos, String tier) {
    return new EntryInfo(key, sizeBytes, Instant.ofEpochSecond(0, writeEpochNanos), tier);
  }

  /**
   * Returns the same entry as held by another tier, as a stack of tiers names it.
   *
   * @param name the name of the tier holding it
   * @return the entry's description with that tier
   * @throws NullPointerException if {@code name} is {@code null}
   */
  public EntryInfo withTier(String name) {
    return new EntryInfo(key, sizeBytes, writeTime, name);
  }
}
