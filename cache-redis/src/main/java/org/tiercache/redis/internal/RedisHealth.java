package org.tiercache.redis.internal;

import java.time.Instant;
import org.tiercache.api.CacheClock;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierHealth;

/**
 * What the redis tier answers for {@code health()}: down during an outage, degraded while the server
 * refuses writes for memory or while the namespace's bookkeeping is being repaired, up otherwise.
 *
 * <p>The conditions themselves are {@link Availability}'s, {@link MemoryPressure}'s and
 * {@link Reconciler}'s; this keeps only when each began, on the tier's {@link CacheClock} (the
 * wall time an operator reads), since those measure network time on a ticker that names no instant.
 * The causes name the server by host and port only, so they hold no password.
 */
final class RedisHealth {
  private final String hostAndPort;
  private final String where;
  private final CacheClock clock;
  // When each condition began; written by the call that started it (down, full) or by the first
  // health() that saw it (repair, whose start is inside the reconciler), cleared once it is over.
  private volatile Instant downSince;
  private volatile Instant fullSince;
  private volatile Instant repairSince;

  RedisHealth(String hostAndPort, String where, CacheClock clock) {
    // Neither holds a password; masked all the same, should a host name ever carry one.
    this.hostAndPort = TierConfig.redact(hostAndPort);
    this.where = TierConfig.redact(where);
    this.clock = clock;
  }

  /** Records that an outage began now. */
  void outageBegan() {
    downSince = now();
  }

  /** Records that a streak of refusals for memory began now. */
  void fullBegan() {
    fullSince = now();
  }

  /**
   * Returns the health for the conditions now.
   *
   * @param down whether an outage is going on
   * @param full whether the server refuses writes for memory
   * @param repairing whether the bookkeeping was seen wrong and is not yet rebuilt
   */
  TierHealth report(boolean down, boolean full, boolean repairing) {
    if (!repairing) {
      repairSince = null;
    } else if (repairSince == null) {
      repairSince = now();
    }
    if (down) {
      return TierHealth.down("redis at " + hostAndPort + " unavailable", downSince);
    }
    if (full) {
      return TierHealth.degraded("redis at " + hostAndPort + " refuses writes: out of memory "
          + "(maxmemory reached)", fullSince);
    }
    if (repairing) {
      return TierHealth.degraded("redis at " + where + ": bookkeeping being repaired",
          repairSince);
    }
    return TierHealth.UP;
  }

  private Instant now() {
    return TierHealth.instantOf(clock.epochNanos());
  }
}
