package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.redis.RedisCluster;
import org.tiercache.redis.RedisSentinels;
import org.tiercache.redis.RedisServer;
import org.tiercache.redis.RedisTiers;
import org.tiercache.testlog.CapturedLog;
import redis.clients.jedis.Jedis;

/**
 * One primary, one replica and three sentinels, all real: the tier opened through the sentinels
 * ({@code redis-sentinel://...?master=name}) serves from the primary; the primary killed (SIGKILL,
 * by pid), the sentinels promote the replica and the same tier follows it: puts land on the new
 * primary and gets find them, without a restart.
 */
@ExtendWith(CapturedLog.class)
final class SentinelFailoverTest {

  @Test
  void theTierFollowsThePrimaryTheSentinelsPromote(CapturedLog log) {
    String prefix = RedisTiers.freshPrefix();
    try (RedisSentinels sentinels = RedisSentinels.start();
        CacheTier tier = RedisTiers.open(TierConfig.parse("retry.interval=0 read.timeout=500ms "
            + "connect.timeout=200ms").toBuilder().capacity(1_000_000).build(),
            sentinels.uri(), prefix)) {
      byte[] before = content(1);
      assertTrue(tier.put(ContentKey.sha256(before), before));
      assertArrayEquals(before, tier.getBytes(ContentKey.sha256(before)));
      RedisServer replica = sentinels.replica();

      sentinels.primary().kill();
      RedisCluster.await("the sentinels name the replica primary",
          () -> sentinels.primaryPort() == replica.port());
      byte[] after = content(2);
      ContentKey key = ContentKey.sha256(after);
      RedisCluster.await("a put is stored on the new primary", () -> {
        try {
          return tier.put(key, after);
        } catch (CacheException e) {
          return false;
        }
      });

      assertArrayEquals(after, tier.getBytes(key), "the same tier reads from the new primary");
      try (Jedis promoted = RedisCluster.jedis(replica)) {
        assertEquals("master", RedisCluster.info(replica, "replication").get("role"));
        assertTrue(promoted.exists(("{" + prefix + "}:c:" + key)
            .getBytes(StandardCharsets.UTF_8)), "the put landed on the promoted replica");
      }
      assertTrue(tier.sizeBytes() >= after.length);
    }
    // Calls that met the switch, if any, were an outage of the tier, told once; the lifetime
    // counts' send that met it is told too. Whether any call met it depends on the timing.
    claimIfLogged(log, Level.WARN, "cannot be used");
    claimIfLogged(log, Level.WARN, "cannot send the lifetime counts");
  }

  private static void claimIfLogged(CapturedLog log, Level level, String text) {
    if (log.events().stream().anyMatch(e -> e.level() == level && e.text().contains(text))) {
      log.expectAll(level, text);
    }
  }

  private static byte[] content(int seed) {
    byte[] content = new byte[1000];
    new SplittableRandom(seed).nextBytes(content);
    return content;
  }
}
