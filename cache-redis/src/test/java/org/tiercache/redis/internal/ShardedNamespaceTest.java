package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierConfig;
import org.tiercache.redis.RedisServerExtension;
import org.tiercache.redis.RedisTiers;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A namespace split into shards ({@code shards=4}) on one server: each entry in the shard its
 * digest names, each shard under its own hash tag and bound to its share of the capacity, the
 * whole within the capacity however many clients write; one listing, one set of lifetime counts.
 */
final class ShardedNamespaceTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();
  private final List<CacheTier> opened = new ArrayList<>();
  private Jedis plain;

  @BeforeEach
  void connect() {
    plain = new Jedis(URI.create(SERVER.uri()));
  }

  @AfterEach
  void closeAll() {
    opened.forEach(CacheTier::close);
    plain.close();
  }

  @Test
  void eachEntryLivesInTheShardItsDigestNamesUnderThatShardsTag() {
    CacheTier tier = open(40_000, 4);
    Namespace namespace = new Namespace(prefix, 4, 40_000);
    Set<Integer> used = new HashSet<>();
    for (int i = 0; i < 40; i++) {
      byte[] content = content(100, i);
      ContentKey key = ContentKey.sha256(content);
      assertTrue(tier.put(key, content));
      Shard shard = namespace.shardOf(key);
      used.add(shard.index());
      assertEquals((int) (Long.parseLong(key.hex().substring(0, 8), 16) % 4), shard.index());
      String tag = "{" + shard.tag() + "}";
      assertTrue(shard.tag().startsWith(prefix + "#" + shard.index()), shard.tag());
      assertArrayEquals(content, plain.get((tag + ":c:" + key).getBytes(StandardCharsets.UTF_8)));
      assertTrue(plain.hexists(tag + ":meta", key.toString()));
      for (Shard other : namespace.shards()) {
        if (other != shard) {
          assertFalse(plain.hexists("{" + other.tag() + "}:meta", key.toString()));
        }
      }
    }
    assertEquals(4, used.size(), "40 digests reach every one of 4 shards");
    assertFalse(plain.exists("{" + prefix + "}:meta"), "no key of the unsharded layout");
  }

  @Test
  void shardTagsSpreadOverTheSlotsInEqualRuns() {
    Namespace namespace = new Namespace(prefix, 24, 24_000);
    for (Shard shard : namespace.shards()) {
      int slot = JedisClusterCRC16.getSlot(shard.tag());
      int from = shard.index() * 16_384 / 24;
      int to = (shard.index() + 1) * 16_384 / 24;
      assertTrue(slot >= from && slot < to, () -> shard + " is on slot " + slot);
      assertEquals(1000, shard.capacityBytes());
    }
    assertEquals(List.of(334L, 333L, 333L), new Namespace(prefix, 3, 1000).shards().stream()
        .map(Shard::capacityBytes).toList(), "the shares add up to the capacity");
  }

  @Test
  void twoClientsOfOneShardedNamespaceKeepEachShardAndTheWholeWithinBound() {
    long capacity = 8000;
    CacheTier first = open(capacity, 4);
    CacheTier second = open(capacity, 4);
    Namespace namespace = new Namespace(prefix, 4, capacity);
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 400; i++) {
      CacheTier writer = i % 2 == 0 ? first : second;
      byte[] content = content(1 + random.nextInt(1500), i);
      writer.put(ContentKey.sha256(content), content);
      long total = 0;
      for (Shard shard : namespace.shards()) {
        String counter = plain.get("{" + shard.tag() + "}:bytes");
        long held = counter == null ? 0 : Long.parseLong(counter);
        assertTrue(held <= shard.capacityBytes(), () -> shard + " holds " + held);
        total += held;
      }
      assertTrue(total <= capacity, "the whole holds " + total);
      assertEquals(total, first.sizeBytes(), "the size is the sum of the shards'");
    }
    assertTrue(first.sizeBytes() > capacity / 2, "the shards are in use: " + first.sizeBytes());
  }

  @Test
  void contentAboveAShardsShareIsRefused() {
    CacheTier tier = open(4000, 4);
    byte[] content = content(1001, 1);
    assertFalse(tier.put(ContentKey.sha256(content), content));
    assertEquals(1, tier.stats().rejectedPuts());
    byte[] fits = content(1000, 2);
    assertTrue(tier.put(ContentKey.sha256(fits), fits));
  }

  @Test
  void listingMergesTheShardsOldestWriteFirstAndLifetimeCountsStayOneHash() {
    CacheTier tier = open(1_000_000, 4);
    List<ContentKey> written = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      byte[] content = content(50, i);
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      written.add(key);
      tier.get(key);
    }
    List<EntryInfo> listed = tier.entries().toList();
    assertEquals(written, listed.stream().map(EntryInfo::key).toList(),
        "every entry once, oldest write first, across the shards");
    tier.close();
    opened.remove(tier);
    assertEquals("30", plain.hget("{" + prefix + "}:stats", "hits"));
    assertEquals("30", plain.hget("{" + prefix + "}:stats", "puts"));
  }

  private CacheTier open(long capacity, int shards) {
    CacheTier tier = RedisTiers.open(TierConfig.builder().capacity(capacity)
        .set("shards", Integer.toString(shards)).build(), SERVER.uri(), prefix);
    opened.add(tier);
    return tier;
  }

  private static byte[] content(int size, int seed) {
    byte[] content = new byte[size];
    new SplittableRandom(seed * 31L + size).nextBytes(content);
    return content;
  }
}
