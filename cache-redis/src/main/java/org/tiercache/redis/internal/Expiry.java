package org.tiercache.redis.internal;

/**
 * The cutoff of a TTL as the scripts take it: {@code now - ttl} as 19 digits of epoch nanoseconds
 * (and in microseconds, the score of {@code wt}), or none, without a TTL or before any write time
 * could have expired.
 */
final class Expiry {
  private final long ttlNanos;

  /** @param ttlNanos the TTL in nanoseconds, 0 for none */
  Expiry(long ttlNanos) {
    this.ttlNanos = ttlNanos;
  }

  /** Tells whether entries expire at all. */
  boolean expires() {
    return ttlNanos != 0;
  }

  /** Returns now - ttl as 19 digits, or no cutoff (empty). */
  byte[] cutoff(long now) {
    long cutoff = cutoffNanos(now);
    return cutoff < 0 ? EpochDigits.none() : EpochDigits.exact(cutoff);
  }

  /** Returns now - ttl in microseconds, or no cutoff (empty). */
  byte[] cutoffMicros(long now) {
    long cutoff = cutoffNanos(now);
    return cutoff < 0 ? EpochDigits.none() : EpochDigits.micros(cutoff);
  }

  private long cutoffNanos(long now) {
    if (ttlNanos == 0 || now < ttlNanos) {
      return -1;
    }
    return now - ttlNanos;
  }
}
