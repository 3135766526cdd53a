package org.tiercache.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Function;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheException;
import org.tiercache.redis.internal.Replies.ClearReply;
import org.tiercache.redis.internal.Replies.EvictExpiredReply;
import org.tiercache.redis.internal.Replies.Health;
import org.tiercache.redis.internal.Replies.OccupancyReply;
import redis.clients.jedis.UnifiedJedis;

/**
 * The bookkeeping side of {@link RedisTier}: clearing, evicting what expired, reading the occupancy
 * (and remembering it for outages), and the batches the {@link Reconciler}s run, one per shard.
 * Each works shard by shard in bounded batches, so that a large namespace does not hold the server
 * for long, and no script touches the keys of two shards.
 */
final class Upkeep {
  // How many entries one clear or evictExpired script handles at most; the tier calls again until
  // the work is done.
  private static final int BATCH = 1000;
  private static final byte[] BATCH_ARG = EpochDigits.number(BATCH);
  private static final byte[] RECONCILE_BATCH_ARG = EpochDigits.number(Reconciler.BATCH);

  private final UnifiedJedis redis;
  private final Namespace namespace;
  private final ServerCalls calls;
  private final SharedCounts stats;
  private final CacheClock clock;
  private final Expiry expiry;
  private final byte[] backstopArg;
  private List<Reconciler> reconcilers;
  // Per shard, the occupancy last read from the server, reported while it cannot be reached.
  private final AtomicLongArray lastSizeBytes;
  private final AtomicLongArray lastEntryCount;

  Upkeep(UnifiedJedis redis, Namespace namespace, ServerCalls calls, SharedCounts stats,
      CacheClock clock, Expiry expiry, byte[] backstopArg) {
    this.redis = redis;
    this.namespace = namespace;
    this.calls = calls;
    this.stats = stats;
    this.clock = clock;
    this.expiry = expiry;
    this.backstopArg = backstopArg;
    this.lastSizeBytes = new AtomicLongArray(namespace.shards().size());
    this.lastEntryCount = new AtomicLongArray(namespace.shards().size());
  }

  /** Gives the reconcilers whose batches this runs, by shard, made after this (they call back). */
  void healedBy(List<Reconciler> reconcilers) {
    this.reconcilers = reconcilers;
  }

  /** Empties the namespace, shard by shard, a batch per call; see {@link RedisTier#clear()}. */
  void clear() {
    for (Shard shard : namespace.shards()) {
      if (!clear(shard)) {
        return;
      }
    }
  }

  // Empties one shard; false when the server cannot be used now.
  private boolean clear(Shard shard) {
    Reconciler reconciler = reconcilers.get(shard.index());
    boolean damaged = false;
    for (int round = 0; round < 2; round++) {
      long left;
      while (true) {
        Optional<ClearReply> reply = calls.run(shard, "clear", Script.CLEAR, ClearReply::decode,
            BATCH_ARG);
        if (reply.isEmpty()) {
          return false;
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
    return true;
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
    for (Shard shard : namespace.shards()) {
      while (true) {
        Optional<EvictExpiredReply> reply = calls.run(shard, "evictExpired",
            Script.EVICT_EXPIRED, EvictExpiredReply::decode, cutoff, expiry.cutoffMicros(now),
            BATCH_ARG);
        if (reply.isEmpty()) {
          stats.recordExpirations(reclaimed);
          return reclaimed;
        }
        reclaimed += reply.get().reclaimed();
        if (!reply.get().more()) {
          break;
        }
      }
    }
    stats.recordExpirations(reclaimed);
    return reclaimed;
  }

  /**
   * Bytes and entries as one reading of each shard (one round trip for all of them on one server),
   * the last reading of a shard whose server cannot be reached now.
   */
  long[] occupancy() {
    for (List<Shard> group : calls.groups(namespace.shards())) {
      List<List<byte[]>> keyLists = new ArrayList<>(group.size());
      List<List<byte[]>> argLists = new ArrayList<>(group.size());
      for (Shard shard : group) {
        keyLists.add(shard.scriptKeys());
        argLists.add(ServerCalls.args(shard));
      }
      Optional<List<OccupancyReply>> replies = calls.call(group.get(0), "occupancy",
          () -> Script.OCCUPANCY.runEach(redis, keyLists, argLists), Upkeep::decodeAll)
          .answer();
      if (replies.isEmpty()) {
        continue;
      }
      for (int i = 0; i < group.size(); i++) {
        Shard shard = group.get(i);
        OccupancyReply reply = replies.get().get(i);
        // Never negative, even while a counter is wrong (the script reports it, and it heals).
        lastSizeBytes.set(shard.index(), Math.max(0, reply.bytes()));
        lastEntryCount.set(shard.index(), reply.entries());
        reconcilers.get(shard.index()).observe(reply.health());
      }
    }
    long size = 0;
    long count = 0;
    for (int i = 0; i < lastSizeBytes.length(); i++) {
      size += lastSizeBytes.get(i);
      count += lastEntryCount.get(i);
    }
    return new long[] {size, count};
  }

  // Each shard's reply; a failed one fails the reading.
  private static List<OccupancyReply> decodeAll(List<Object> replies) {
    List<OccupancyReply> decoded = new ArrayList<>(replies.size());
    for (Object reply : replies) {
      if (reply instanceof RuntimeException failure) {
        throw new CacheException(failure.getMessage(), failure);
      }
      decoded.add(OccupancyReply.decode(reply));
    }
    return decoded;
  }

  /** One batch of a reconciliation phase on a shard; empty when the server cannot be used now. */
  <T> Optional<T> reconcileBatch(Shard shard, String phase, String cursor,
      Function<Object, T> decoder) {
    return calls.run(shard, "reconcile", Script.RECONCILE, decoder, bytes(phase), bytes(cursor),
        RECONCILE_BATCH_ARG, EpochDigits.number(Math.floorDiv(clock.epochNanos(), 1_000_000L)),
        backstopArg, shard.capacityArg());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
