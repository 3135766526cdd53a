package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.testlog.CapturedLog;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TierReport;
import org.tiercache.tiered.TieredCache;

/**
 * A memory -> redis stack whose Redis goes down. Without write-through, reads and writes carry on in
 * memory and the outage never fails the caller. With write-through, a put promises the content
 * reached Redis, so it fails naming the server, and leaves no copy behind; the stack counts it as
 * a failure of Redis ({@link TierReport#failures()}), and Redis not as a rejected put.
 */
@ExtendWith(CapturedLog.class)
final class TieredFallbackTest {
  @RegisterExtension
  final StoppableServer server = new StoppableServer();
  private TieredCache cache;

  @Test
  void readsAndWritesGoOnFromMemoryWhileRedisIsDown(CapturedLog log) {
    cache = stack(false);
    byte[] before = bytes("written while Redis was up");
    assertTrue(cache.put(key(before), before));

    server.stop();

    byte[] during = bytes("written while Redis is down");
    assertDoesNotThrow(() -> {
      assertArrayEquals(before, cache.getBytes(key(before)), "memory still serves what it holds");
      assertTrue(cache.put(key(during), during), "the memory tier takes the put");
      assertArrayEquals(during, cache.getBytes(key(during)));
      assertNull(cache.get(key(bytes("never written"))), "a miss everywhere is a plain miss");
    }, "a Redis outage must never fail the caller of a stack without write-through");
    TierReport redis = cache.tierStats().get(1);
    assertTrue(redis.stats().misses() >= 1, "the miss that went down to Redis is counted there");
    log.expect(Level.WARN, "redis tier at redis://127.0.0.1:" + server.port(), "(get failed");
  }

  @Test
  void aWriteThroughPutFailsNamingTheServerAndKeepsNoCopyWhileRedisIsDown(CapturedLog log) {
    cache = stack(true);
    server.stop();

    byte[] during = bytes("written while Redis is down");
    CacheException failure = assertThrows(CacheException.class,
        () -> cache.put(key(during), during));

    assertTrue(failure.getMessage().contains("redis at 127.0.0.1:" + server.port()
        + " unavailable"), failure::getMessage);
    assertNull(cache.get(key(during)), "a put that throws leaves nothing behind, memory included");
    TierReport redis = cache.tierStats().get(1);
    assertEquals(1, redis.failures(), "the stack counts Redis' failure");
    assertEquals(0, redis.stats().rejectedPuts(),
        "an outage is a failure, not content Redis refused");
    log.expect(Level.WARN, "redis tier at redis://127.0.0.1:" + server.port(), "(put failed");
  }

  private TieredCache stack(boolean writeThrough) {
    return server.closedAfter(TieredCache.builder()
        .tier(SizeRule.any(), "memory", TierConfig.parse("capacity=1MB"))
        .tier(SizeRule.any(), "redis", TierConfig.parse("capacity=1MB retry.interval=0 uri="
            + server.uri() + " prefix=" + RedisTiers.freshPrefix()))
        .writeThrough(writeThrough)
        .build());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }
}
