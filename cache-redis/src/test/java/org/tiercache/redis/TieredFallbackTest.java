package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TierReport;
import org.tiercache.tiered.TieredCache;

/**
 * A memory -> redis stack whose Redis goes down: reads and writes carry on in memory; the put
 * Redis could not take fails in that tier (counted by the stack), never the caller's.
 */
final class TieredFallbackTest {
  private RedisServer server;
  private TieredCache cache;

  @BeforeEach
  void start() {
    server = RedisServer.start();
    cache = TieredCache.builder()
        .tier(SizeRule.any(), "memory", TierConfig.parse("capacity=1MB"))
        .tier(SizeRule.any(), "redis", TierConfig.parse("capacity=1MB retry.interval=0 uri="
            + server.uri() + " prefix=" + RedisTiers.freshPrefix()))
        .writeThrough(true)
        .build();
  }

  @AfterEach
  void stop() {
    try {
      if (cache != null) {
        cache.close();
      }
    } finally {
      server.stop();
    }
  }

  @Test
  void readsAndWritesGoOnFromMemoryWhileRedisIsDown() {
    byte[] before = bytes("written while Redis was up");
    assertTrue(cache.put(key(before), before));

    server.stop();

    byte[] during = bytes("written while Redis is down");
    assertDoesNotThrow(() -> {
      assertArrayEquals(before, cache.getBytes(key(before)), "memory still serves what it holds");
      assertTrue(cache.put(key(during), during), "the memory tier takes the put");
      assertArrayEquals(during, cache.getBytes(key(during)));
      assertNull(cache.get(key(bytes("never written"))), "a miss everywhere is a plain miss");
    }, "a Redis outage must never fail the caller");
    TierReport redis = cache.tierStats().get(1);
    assertEquals(1, redis.failures(), "the write-through put to Redis failed (a get is a miss)");
    assertTrue(redis.stats().misses() >= 1, "the miss that went down to Redis is counted there");
    assertTrue(redis.stats().rejectedPuts() >= 1, "the write-through to Redis was not stored");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }
}
