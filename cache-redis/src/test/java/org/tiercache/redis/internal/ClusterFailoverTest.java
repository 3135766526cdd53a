package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.redis.RedisCluster;
import org.tiercache.redis.RedisServer;
import org.tiercache.redis.RedisTiers;
import org.tiercache.testlog.CapturedLog;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.args.ClusterFailoverOption;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A primary of a real cluster killed (SIGKILL, by pid) under load, a sharded namespace on it: no
 * get ever serves wrong bytes; puts to the shard whose primary is gone fail (as an outage: logged
 * once, counted in the recovery's log) and its gets miss, while the other shards serve on; once the
 * replica is promoted the same tier serves every shard again, without a restart; and bookkeeping
 * the promoted replica lacks (writes asynchronous replication lost, simulated by deleting them on
 * the new primary) is rebuilt by the tier's reconciliation. A cluster of its own, since it kills a
 * node.
 */
@ExtendWith(CapturedLog.class)
final class ClusterFailoverTest {
  private static RedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = RedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Test
  void aKilledPrimaryCostsOnlyItsShardUntilTheReplicaTakesOverThenTheTierServesAgain(
      CapturedLog log) throws Exception {
    String prefix = RedisTiers.freshPrefix();
    long capacity = 3_000_000;
    RedisTier tier = (RedisTier) RedisTiers.open(TierConfig.parse("retry.interval=0 "
        + "read.timeout=500ms connect.timeout=200ms shards=3 reconcile.interval=0").toBuilder()
        .capacity(capacity).build(), cluster.uri(), prefix);
    Namespace namespace = new Namespace(prefix, 3, capacity);
    Shard victimShard = namespace.shards().get(0);
    int slot = JedisClusterCRC16.getSlot(victimShard.tag());
    RedisServer victim = cluster.primaryOf(slot);

    List<ContentKey> stored = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      byte[] content = content(i);
      assertTrue(tier.put(ContentKey.sha256(content), content));
      stored.add(ContentKey.sha256(content));
    }

    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong wrongBytes = new AtomicLong();
    AtomicLong hits = new AtomicLong();
    AtomicLong failedPuts = new AtomicLong();
    AtomicLong failedPutsElsewhere = new AtomicLong();
    AtomicLong storedElsewhere = new AtomicLong();
    AtomicInteger next = new AtomicInteger(300);
    CountDownLatch loaded = new CountDownLatch(50);
    Thread load = new Thread(() -> {
      SplittableRandom random = new SplittableRandom(3);
      while (running.get()) {
        ContentKey key = stored.get(random.nextInt(stored.size()));
        ByteBuffer got = tier.get(key);
        if (got != null) {
          byte[] bytes = new byte[got.remaining()];
          got.get(bytes);
          hits.incrementAndGet();
          if (!key.matches(bytes)) {
            wrongBytes.incrementAndGet();
          }
        }
        byte[] content = content(next.getAndIncrement());
        ContentKey written = ContentKey.sha256(content);
        boolean elsewhere = namespace.shardOf(written) != victimShard;
        try {
          if (tier.put(written, content) && elsewhere && !victim.isRunning()) {
            storedElsewhere.incrementAndGet();
          }
        } catch (CacheException e) {
          failedPuts.incrementAndGet();
          if (elsewhere) {
            failedPutsElsewhere.incrementAndGet();
          }
        }
        loaded.countDown();
      }
    }, "failover-load");
    load.start();
    loaded.await();

    // The victim's replica waits for the test's word, so that the time without a primary is the
    // test's to look at.
    RedisServer replica = cluster.replicas().get(cluster.primaries().indexOf(victim));
    try (Jedis jedis = RedisCluster.jedis(replica)) {
      jedis.configSet("cluster-replica-no-failover", "yes");
    }
    victim.kill();

    byte[] lost = contentOf(namespace, victimShard, 1);
    assertThrows(CacheException.class, () -> tier.put(ContentKey.sha256(lost), lost),
        "a put to the shard without a primary fails");
    ContentKey storedInVictim = stored.stream()
        .filter(key -> namespace.shardOf(key) == victimShard).findFirst().orElseThrow();
    assertNull(tier.get(storedInVictim), "a get of the shard without a primary misses");
    for (Shard other : namespace.shards().subList(1, 3)) {
      byte[] content = contentOf(namespace, other, 2);
      assertTrue(tier.put(ContentKey.sha256(content), content),
          "the shards whose primaries live take puts meanwhile: " + other);
      assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
    }

    try (Jedis jedis = RedisCluster.jedis(replica)) {
      jedis.configSet("cluster-replica-no-failover", "no");
      jedis.clusterFailover(ClusterFailoverOption.TAKEOVER);
    }
    RedisCluster.await("a replica serves slot " + slot, () -> cluster.primaryOf(slot).isRunning());
    RedisServer promoted = cluster.primaryOf(slot);
    // Once the load has gone on a while with the new primary, stop it.
    long seen = next.get();
    RedisCluster.await("the load goes on after the failover", () -> next.get() > seen + 50);
    running.set(false);
    load.join();

    assertEquals(0, wrongBytes.get(), "no get may ever serve bytes that are not its key's");
    assertTrue(hits.get() > 0);
    assertEquals(0, failedPutsElsewhere.get(), "the shards whose primaries live never fail");
    assertTrue(storedElsewhere.get() > 0, "the other shards take puts while one has no primary");
    assertEquals(replica, promoted);

    // The same tier serves every shard again: every new put is stored and read back.
    for (int i = 0; i < 60; i++) {
      byte[] content = content(1_000_000 + i);
      ContentKey key = ContentKey.sha256(content);
      assertTrue(tier.put(key, content), "after the failover, put " + i);
      assertArrayEquals(content, tier.getBytes(key), "after the failover, get " + i);
    }

    // Writes the promoted replica never got: some bookkeeping of its shard gone.
    try (Jedis jedis = RedisCluster.jedis(promoted)) {
      jedis.del("{" + victimShard.tag() + "}:bytes");
      jedis.del("{" + victimShard.tag() + "}:lru");
    }
    Reconciler.Pass pass = tier.reconcile();
    assertTrue(pass.finished() && pass.foundDamage(), pass.toString());
    assertEquals(pass, pass.plus(new Reconciler.Pass(true, 0, 0, 0, 0, 0)));
    Reconciler.Pass again = tier.reconcile();
    assertTrue(!again.foundDamage(), "a second pass finds nothing: " + again);
    assertTrue(tier.sizeBytes() <= capacity);
    tier.close();

    List<?> began = log.expectAll(Level.WARN, "shard 0 '{" + victimShard.tag() + "}'",
        "cannot be used");
    assertEquals(1, began.size(), "the outage of the shard is told once: " + began);
    log.expect(Level.INFO, "shard 0 '{" + victimShard.tag() + "}'", "reachable again",
        "puts failed: " + (failedPuts.get() + 1));
    // The lifetime counts' hash may live on the killed primary too: its sends wait, told once.
    if (log.events().stream().anyMatch(e -> e.text().contains("cannot send the lifetime"))) {
      log.expectAll(Level.WARN, "cannot send the lifetime counts");
    }
    log.expectAll(Level.WARN, "did not match the content");
  }

  // Content whose entry lives in the given shard.
  private static byte[] contentOf(Namespace namespace, Shard shard, int from) {
    for (int seed = 2_000_000 + from * 1000; ; seed++) {
      byte[] content = content(seed);
      if (namespace.shardOf(ContentKey.sha256(content)) == shard) {
        return content;
      }
    }
  }

  private static byte[] content(int seed) {
    byte[] content = new byte[200 + seed % 800];
    new SplittableRandom(seed).nextBytes(content);
    return content;
  }
}
