package org.tiercache.bench;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import redis.clients.jedis.RedisClient;

/**
 * The entries the Redis benchmarks work on: {@value #ENTRIES} of random content of one size, the
 * same for the same size, each put into every tier under its SHA-256 key and, where a plain client
 * is given, {@code SET} under {@code plain:<key>} on the same server, so that the tier and the
 * plain client move the same bytes.
 */
final class RedisPopulation {
  /**
   * Few enough that every entry stays in the tier, many enough not to hit one key only, and at
   * least a batch of 100; a power of two, so that {@code n & (ENTRIES - 1)} steps through them.
   */
  static final int ENTRIES = 128;

  /** The tiers' keys, entry by entry. */
  final ContentKey[] keys;
  /** The plain client's keys, entry by entry: {@code plain:} and the tier's key. */
  final byte[][] plainKeys;
  /** The last entry's content: what a put that replaces an entry puts. */
  final byte[] content;

  private RedisPopulation(ContentKey[] keys, byte[][] plainKeys, byte[] content) {
    this.keys = keys;
    this.plainKeys = plainKeys;
    this.content = content;
  }

  /**
   * Puts the entries into each tier in turn and {@code SET}s each with the plain client.
   *
   * @throws IllegalStateException if a tier refuses an entry
   */
  static RedisPopulation fill(int size, RedisClient plain, CacheTier... tiers) {
    return fill(size, tiers, plain);
  }

  /**
   * Puts the entries into each tier in turn, with no plain copy.
   *
   * @throws IllegalStateException if a tier refuses an entry
   */
  static RedisPopulation fillTiers(int size, CacheTier... tiers) {
    return fill(size, tiers, null);
  }

  private static RedisPopulation fill(int size, CacheTier[] tiers, RedisClient plain) {
    SplittableRandom random = new SplittableRandom(size);
    ContentKey[] keys = new ContentKey[ENTRIES];
    byte[][] plainKeys = new byte[ENTRIES][];
    byte[] content = null;
    for (int i = 0; i < ENTRIES; i++) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      keys[i] = ContentKey.sha256(bytes);
      plainKeys[i] = ("plain:" + keys[i]).getBytes(StandardCharsets.UTF_8);
      for (int t = 0; t < tiers.length; t++) {
        if (!tiers[t].put(keys[i], bytes)) {
          throw new IllegalStateException((tiers.length == 1 ? "the tier"
              : "tier " + (t + 1) + " of " + tiers.length) + " refused entry " + i);
        }
      }
      if (plain != null) {
        plain.set(plainKeys[i], bytes);
      }
      content = bytes;
    }
    return new RedisPopulation(keys, plainKeys, content);
  }
}
