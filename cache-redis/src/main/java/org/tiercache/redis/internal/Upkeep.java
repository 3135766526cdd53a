package org.tiercache.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import org.tiercache.api.CacheClock;
import org.tiercache.redis.internal.Replies.ClearReply;
import org.tiercache.redis.internal.Replies.EvictExpiredReply;
import org.tiercache.redis.internal.Replies.Health;
import org.tiercache.redis.internal.Replies.OccupancyReply;

/**
 * The bookkeeping side of {@link RedisTier}: clearing, evicting what expired, reading the occupancy
 * (and remembering it for outages), and the batches the {@link Reconciler} runs. Each works in
 * bounded batches, so that a large namespace does not hold the server for long.
 */
final class Upkeep {
  // How many entries one clear or evictExpired script handles at most; the tier calls again until
  // the work is done.
  private static final int BATCH = 1000;
  private static final byte[] BATCH_ARG = EpochDigits.number(BATCH);
  private static final byte[] RECONCILE_BATCH_ARG = EpochDigits.number(Reconciler.BATCH);

  private final ServerCalls calls;
  private final SharedCounts stats;
  private final CacheClock clock;
  private final Expiry expiry;
  private final byte[] backstopArg;
  private final byte[] capacityArg;
  private Reconciler reconciler;
  // The occupancy last read from the server, reported while it cannot be reached.
  private volatile long lastSizeBytes;
  private volatile long lastEntryCount;

  Upkeep(ServerCalls calls, SharedCounts stats, CacheClock clock, Expiry expiry,
      byte[] backstopArg, byte[] capacityArg) {
    this.calls = calls;
    this.stats = stats;
    this.clock = clock;
    this.expiry = expiry;
    this.backstopArg = backstopArg;
    this.capacityArg = capacityArg;
  }

  /** Gives the reconciler whose batches this runs, made after this (it calls back). */
  void healedBy(Reconciler reconciler) {
    this.reconciler = reconciler;
  }

  /** Empties the namespace, a batch per call; see {@link RedisTier#clear()}. */
  void clear() {
    boolean damaged = false;
    for (int round = 0; round < 2; round++) {
      long left;
      while (true) {
        Optional<ClearReply> reply = calls.run("clear", Script.CLEAR, ClearReply::decode,
            BATCH_ARG);
        if (reply.isEmpty()) {
          return;
        }
        left = reply.get().left();
        damaged |= reply.get().before() == Health.DAMAGED;
        if (reply.get().dropped() < BATCH) {
          break;
        }
      }
      if (left == 0 || !reconciler.sweep("meta")) {
        break;
      }
      damaged = true;
    }
    if (damaged) {
      reconciler.sweep("purge");
    }
  }

  /** Reclaims every expired entry, a batch per call, and returns how many. */
  long evictExpired() {
    if (!expiry.expires()) {
      return 0;
    }
    long now = clock.epochNanos();
    byte[] cutoff = expiry.cutoff(now);
    if (cutoff.length == 0) {
      return 0;
    }
    long reclaimed = 0;
    while (true) {
      Optional<EvictExpiredReply> reply = calls.run("evictExpired", Script.EVICT_EXPIRED,
          EvictExpiredReply::decode, cutoff, expiry.cutoffMicros(now), BATCH_ARG);
      if (reply.isEmpty()) {
        break;
      }
      reclaimed += reply.get().reclaimed();
      if (!reply.get().more()) {
        break;
      }
    }
    stats.recordExpirations(reclaimed);
    return reclaimed;
  }

  /** Bytes and entries as one reading of the server, or the last reading during an outage. */
  long[] occupancy() {
    Optional<OccupancyReply> reply = calls.run("occupancy", Script.OCCUPANCY,
        OccupancyReply::decode);
    if (reply.isEmpty()) {
      return new long[] {lastSizeBytes, lastEntryCount};
    }
    // Never negative, even while the counter is wrong (the script then reports it, and it heals).
    long size = Math.max(0, reply.get().bytes());
    long count = reply.get().entries();
    reconciler.observe(reply.get().health());
    lastSizeBytes = size;
    lastEntryCount = count;
    return new long[] {size, count};
  }

  /** One batch of a reconciliation phase; empty when the server cannot be used now. */
  <T> Optional<T> reconcileBatch(String phase, String cursor, Function<Object, T> decoder) {
    return calls.run("reconcile", Script.RECONCILE, decoder, bytes(phase), bytes(cursor),
        RECONCILE_BATCH_ARG, EpochDigits.number(Math.floorDiv(clock.epochNanos(), 1_000_000L)),
        backstopArg, capacityArg);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
