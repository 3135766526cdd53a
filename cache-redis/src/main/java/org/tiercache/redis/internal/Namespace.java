package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import org.tiercache.api.ContentKey;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The keys one cache uses on the server, all under its prefix {@code P}, split into shards
 * ({@link Shard}), each under a hash tag of its own, so that every key of one shard hashes to one
 * Redis Cluster slot. With one shard the tag is the prefix itself, {@code {P}}; with N shards,
 * shard i's tag is {@code P#i}, or {@code P#i.k} for the least {@code k} that puts it in the middle
 * half of the slots from {@code i * 16384 / N} (inclusive) to {@code (i + 1) * 16384 / N} (so that
 * a boundary between masters a slot off the shards' own falls outside it): a cluster whose
 * masters hold equal runs of slots (as {@code redis-cli --cluster create} makes them) then holds
 * equal numbers of shards on each master, when N is a multiple of their number. No prefix can hold
 * {@code #}, so no shard of one namespace is a key of another. Per shard, with {@code T} its tag:
 * <pre>
 * {T}:c:sha256:&lt;hex&gt;   string  an entry's content, with the backstop expiry
 * {T}:meta             hash    entry id -> write time (19 digits of epoch nanoseconds) + size
 * {T}:lru              zset    entry id -> use tick; lowest = least recently used
 * {T}:wt               zset    entry id -> write time in microseconds; lowest = oldest write
 * {T}:bytes            string  the sum of the sizes in meta
 * {T}:tick             string  the use counter
 * {T}:recount          hash    a recount of the bytes under way (see Reconciler)
 * {T}:reconciled       string  the server's time (ms) when the last recount finished
 * </pre>
 * and once per namespace {@code {P}:stats}, a hash of the counters of every client, and since when
 * (see SharedCounts). Only content keys carry an expiry. An entry id is the content key's text,
 * such as {@code sha256:9f86...}: only {@code 0-9a-z:}, so no id can reach outside the prefix. An
 * entry lives in the shard the first 32 bits of its digest give, modulo N: every client agrees.
 */
final class Namespace {
  private static final int SLOTS = 16_384;

  private final String prefix;
  private final List<Shard> shards;

  /**
   * Splits a namespace into shards, the capacity shared among them (the first ones get a byte
   * more each when it does not divide), so that together they keep the namespace's bound.
   */
  Namespace(String prefix, int shardCount, long capacityBytes) {
    this.prefix = prefix;
    List<Shard> made = new ArrayList<>(shardCount);
    for (int i = 0; i < shardCount; i++) {
      long share = capacityBytes / shardCount + (i < capacityBytes % shardCount ? 1 : 0);
      made.add(new Shard(i, shardCount == 1 ? prefix : tag(prefix, i, shardCount), share));
    }
    this.shards = List.copyOf(made);
  }

  /** Makes a namespace of one shard, the layout of a tier without sharding. */
  Namespace(String prefix) {
    this(prefix, 1, Long.MAX_VALUE);
  }

  /** Returns the shards, by index. */
  List<Shard> shards() {
    return shards;
  }

  /** Returns the shard that holds an entry. */
  Shard shardOf(ContentKey key) {
    if (shards.size() == 1) {
      return shards.get(0);
    }
    long bits = Long.parseLong(key.hex().substring(0, 8), 16);
    return shards.get((int) (bits % shards.size()));
  }

  /** Returns an entry's id in the bookkeeping. */
  static byte[] id(ContentKey key) {
    return key.toString().getBytes(UTF_8);
  }

  /** Returns the key of an entry's content. */
  byte[] contentKey(ContentKey key) {
    return shardOf(key).contentKey(key);
  }

  /** Returns the key of the lifetime counters, one hash for the whole namespace. */
  String statsKey() {
    return "{" + prefix + "}:stats";
  }

  @Override
  public String toString() {
    return prefix;
  }

  // The tag of shard i of n: P#i, or P#i.k, whichever first falls in the middle of its run of slots.
  private static String tag(String prefix, int i, int n) {
    long start = (long) i * SLOTS / n;
    long end = (long) (i + 1) * SLOTS / n;
    long from = start + (end - start) / 4;
    long to = end - (end - start) / 4;
    String plain = prefix + "#" + i;
    for (int k = 0; ; k++) {
      String tag = k == 0 ? plain : plain + "." + k;
      int slot = JedisClusterCRC16.getSlot(tag);
      if (slot >= from && slot < to) {
        return tag;
      }
    }
  }
}
