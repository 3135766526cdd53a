package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierHealth;
import org.tiercache.redis.StoppableServer;
import org.tiercache.redis.RedisTiers;
import redis.clients.jedis.Jedis;

/**
 * The redis tier's health follows the server: down from the call that finds it gone, since the
 * tier's clock read then, and up again from the first call that reaches it; degraded while the
 * namespace's bookkeeping, seen wrong, is rebuilt.
 */
final class RedisHealthTest {
  private final AtomicLong ticker = new AtomicLong(42);
  private final AtomicLong clock = new AtomicLong(1_800_000_000_000_000_000L);
  @RegisterExtension
  final StoppableServer server = new StoppableServer();
  private RedisTier tier;
  private String prefix;

  @Test
  void isDownSinceTheOutageBeganAndUpAfterTheNextCallThatReachesTheServer() {
    tier = open();
    byte[] content = bytes("content");
    assertTrue(tier.put(key(content), content));
    assertEquals(TierHealth.UP, tier.health());

    server.stop();
    assertEquals(TierHealth.UP, tier.health(), "health asks the server nothing");
    long began = clock.get();
    assertThrows(CacheException.class, () -> tier.put(key(content), content));
    clock.addAndGet(5_000_000_000L);

    TierHealth down = tier.health();
    assertEquals(TierHealth.Status.DOWN, down.status());
    assertEquals("redis at 127.0.0.1:" + server.port() + " unavailable", down.cause());
    assertEquals(Instant.ofEpochSecond(0, began), down.since(),
        "since the call that found the server gone, not since health was asked");
    assertNull(tier.get(key(content)));
    assertEquals(down, tier.health(), "a further failed call does not move the start");

    server.startAgain();
    assertEquals(TierHealth.Status.DOWN, tier.health().status(), "until a call reaches it");
    assertTrue(tier.put(key(content), content));
    assertEquals(TierHealth.UP, tier.health());
  }

  @Test
  void isDownWhenOpenedWithoutAServer() {
    server.stop();
    tier = open();
    assertEquals(TierHealth.Status.DOWN, tier.health().status());
  }

  @Test
  void isDegradedWhileItsBookkeepingIsRebuiltThenUp() {
    tier = open();
    byte[] content = bytes("content");
    assertTrue(tier.put(key(content), content));
    try (Jedis plain = new Jedis(URI.create(server.uri()))) {
      plain.del("{" + prefix + "}:meta");
    }
    long seenAt = clock.get();
    // This call's script sees the entry's description gone, and starts a pass: one batch of it,
    // the rest left to the next calls.
    assertNull(tier.get(key(content)), "an entry with no description is not found");
    clock.addAndGet(1_000);

    TierHealth repairing = tier.health();
    assertEquals(TierHealth.Status.DEGRADED, repairing.status(), repairing::toString);
    assertEquals("redis at 127.0.0.1:" + server.port() + " prefix '" + prefix
        + "': bookkeeping being repaired", repairing.cause());
    assertTrue(!repairing.since().isBefore(Instant.ofEpochSecond(0, seenAt)), repairing::toString);

    tier.reconcile();
    assertEquals(TierHealth.UP, tier.health(), "once rebuilt, up");
  }

  private RedisTier open() {
    prefix = RedisTiers.freshPrefix();
    TierConfig config = TierConfig.builder().capacity(1L << 20).clock(clock::get)
        .set("retry.interval", "0").set("uri", server.uri()).set("prefix", prefix).build();
    return server.closedAfter(RedisTier.open(RedisSettings.from(config), ticker::get));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }
}
