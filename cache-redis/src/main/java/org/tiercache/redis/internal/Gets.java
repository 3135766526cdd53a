package org.tiercache.redis.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.tiercache.api.CacheClock;
import org.tiercache.api.ContentKey;
import org.tiercache.redis.internal.Replies.GetReply;
import org.tiercache.redis.internal.Replies.ReclaimReply;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.UnifiedJedis;

/**
 * The read path of {@link RedisTier}: {@code get} and {@code getAll}, their counting, and the
 * reclaiming of entries whose content the read behind the script did not find.
 *
 * <p>A get is one round trip: the script checks the entry's age, reclaims it if expired, and
 * otherwise marks it used; a GET of the content follows it on the connection, not in a transaction
 * (content under a key never changes), so that content read never passes through Lua, which copies
 * it. A batch sends one script per {@value #BATCH} keys, each with an MGET behind it, all in one
 * pipeline.
 */
final class Gets {
  /** Keys one {@code get-all.lua} call takes at most. */
  static final int BATCH = 1000;

  private final UnifiedJedis redis;
  private final Namespace namespace;
  private final ServerCalls calls;
  private final SharedCounts stats;
  private final List<Reconciler> reconcilers;
  private final MemoryPressure memory;
  private final RedisHealth health;
  private final CacheClock clock;
  private final Expiry expiry;
  // With a TTL a read must not lengthen an entry's life, so it leaves the content's expiry alone;
  // without one the backstop is an idle time, renewed by each read.
  private final byte[] renewArg;

  Gets(UnifiedJedis redis, Namespace namespace, ServerCalls calls, SharedCounts stats,
      List<Reconciler> reconcilers, MemoryPressure memory, RedisHealth health, CacheClock clock,
      Expiry expiry, byte[] backstopArg) {
    this.redis = redis;
    this.namespace = namespace;
    this.calls = calls;
    this.stats = stats;
    this.reconcilers = reconcilers;
    this.memory = memory;
    this.health = health;
    this.clock = clock;
    this.expiry = expiry;
    this.renewArg = expiry.expires() ? EpochDigits.none() : backstopArg;
  }

  /** Reads one entry: its content, or {@code null} for a miss (an outage is one). */
  ByteBuffer get(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Shard shard = namespace.shardOf(key);
    List<byte[]> args = ServerCalls.args(shard, Namespace.id(key),
        expiry.cutoff(clock.epochNanos()), renewArg);
    byte[] contentKey = shard.contentKey(key);
    Optional<List<Found>> answer = calls.call(shard, "get",
        () -> List.of(Script.GET.runThenGet(redis, shard.scriptKeys(), args, contentKey)),
        replies -> Found.decode(replies, List.of(1), true)).answer();
    if (answer.isEmpty()) {
      stats.recordMiss();
      return null;
    }
    Found found = answer.get().get(0);
    Reconciler reconciler = reconcilers.get(shard.index());
    ByteBuffer hit = count("get", found, reconciler);
    if (found.contentVanished()) {
      reclaim(shard, List.of(Namespace.id(key)));
    }
    reconciler.afterCall();
    return hit;
  }

  /**
   * Reads many entries in one round trip (on a cluster, one per shard): the hits, in the keys'
   * first order.
   */
  Map<ContentKey, ByteBuffer> getAll(Collection<ContentKey> keys) {
    List<ContentKey> distinct = distinct(keys);
    Map<ContentKey, ByteBuffer> hits = new LinkedHashMap<>();
    if (distinct.isEmpty()) {
      return hits;
    }
    if (distinct.size() == 1) {
      ContentKey key = distinct.get(0);
      ByteBuffer hit = get(key);
      if (hit != null) {
        hits.put(key, hit);
      }
      return hits;
    }
    Map<Shard, List<ContentKey>> byShard = new LinkedHashMap<>();
    for (ContentKey key : distinct) {
      byShard.computeIfAbsent(namespace.shardOf(key), shard -> new ArrayList<>()).add(key);
    }
    byte[] cutoff = expiry.cutoff(clock.epochNanos());
    // The keys in the order of the calls, and per call its shard, keys, arguments and reads.
    List<ContentKey> sent = new ArrayList<>(distinct.size());
    List<Shard> shards = new ArrayList<>();
    List<List<byte[]>> keyLists = new ArrayList<>();
    List<List<byte[]>> argLists = new ArrayList<>();
    List<byte[][]> contentKeys = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    byShard.forEach((shard, inShard) -> {
      for (int from = 0; from < inShard.size(); from += BATCH) {
        List<ContentKey> chunk = inShard.subList(from, Math.min(inShard.size(), from + BATCH));
        byte[][] args = new byte[chunk.size() + 2][];
        byte[][] content = new byte[chunk.size()][];
        args[0] = cutoff;
        args[1] = renewArg;
        for (int i = 0; i < chunk.size(); i++) {
          args[i + 2] = Namespace.id(chunk.get(i));
          content[i] = shard.contentKey(chunk.get(i));
        }
        sent.addAll(chunk);
        shards.add(shard);
        keyLists.add(shard.scriptKeys());
        argLists.add(ServerCalls.args(shard, args));
        contentKeys.add(content);
        counts.add(chunk.size());
      }
    });
    // Where each call's keys begin in sent.
    List<Integer> starts = new ArrayList<>();
    int start = 0;
    for (int count : counts) {
      starts.add(start);
      start += count;
    }
    Map<ContentKey, ByteBuffer> found = new HashMap<>();
    Map<Shard, List<byte[]>> vanished = new LinkedHashMap<>();
    for (List<Shard> group : calls.groups(byShard.keySet())) {
      List<Integer> in = new ArrayList<>();
      for (int call = 0; call < shards.size(); call++) {
        if (group.contains(shards.get(call))) {
          in.add(call);
        }
      }
      List<Integer> inCounts = pick(counts, in);
      Optional<List<Found>> answer = calls.call(group.get(0), "getAll",
          () -> Script.GET_ALL.runThenRead(redis, pick(keyLists, in), pick(argLists, in),
              Protocol.Command.MGET, pick(contentKeys, in)),
          replies -> Found.decode(replies, inCounts, false)).answer();
      int at = 0;
      for (int call : in) {
        Shard shard = shards.get(call);
        for (int i = 0; i < counts.get(call); i++, at++) {
          ContentKey key = sent.get(starts.get(call) + i);
          if (answer.isEmpty()) {
            stats.recordMiss();
            continue;
          }
          Found one = answer.get().get(at);
          ByteBuffer hit = count("getAll", one, reconcilers.get(shard.index()));
          if (hit != null) {
            found.put(key, hit);
          } else if (one.contentVanished()) {
            vanished.computeIfAbsent(shard, s -> new ArrayList<>()).add(Namespace.id(key));
          }
        }
      }
    }
    for (ContentKey key : distinct) {
      ByteBuffer hit = found.get(key);
      if (hit != null) {
        hits.put(key, hit);
      }
    }
    vanished.forEach(this::reclaim);
    byShard.keySet().forEach(shard -> reconcilers.get(shard.index()).afterCall());
    return hits;
  }

  // Counts one get and returns its content, or null for a miss (a get refused for memory too: its
  // script could not even free).
  private ByteBuffer count(String operation, Found found, Reconciler reconciler) {
    GetReply reply = found.reply();
    if (reply == null) {
      if (memory.refused(operation, found.refusal())) {
        health.fullBegan();
      }
      stats.recordMiss();
      return null;
    }
    reconciler.observe(reply.health());
    if (reply.status() == GetReply.Status.HIT && found.content() != null) {
      stats.recordHit();
      return ByteBuffer.wrap(found.content()).asReadOnlyBuffer();
    }
    if (reply.status() == GetReply.Status.EXPIRED || reply.status() == GetReply.Status.VANISHED) {
      stats.recordExpirations(1);
    }
    stats.recordMiss();
    return null;
  }

  // Entries whose script counted a hit but whose content the read behind it did not find: gone
  // behind the scripts' back (a backstop, a server evicting) or dropped by another client in
  // between. The hit path does not look for content itself (a call saved on every hit, issue 14),
  // so this rare second call drops what is still recorded without content, its bytes given back.
  private void reclaim(Shard shard, List<byte[]> ids) {
    calls.run(shard, "get", Script.RECLAIM, ReclaimReply::decode, ids.toArray(new byte[0][]))
        .ifPresent(reply -> stats.recordExpirations(reply.reclaimed()));
  }

  private static <T> List<T> pick(List<T> all, List<Integer> indices) {
    List<T> picked = new ArrayList<>(indices.size());
    indices.forEach(i -> picked.add(all.get(i)));
    return picked;
  }

  // The keys in their first order, each once; none null.
  private static List<ContentKey> distinct(Collection<ContentKey> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    Set<ContentKey> distinct = new LinkedHashSet<>();
    for (ContentKey key : keys) {
      distinct.add(Objects.requireNonNull(key, "key must not be null"));
    }
    return new ArrayList<>(distinct);
  }
}
