package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import redis.clients.jedis.Jedis;

/**
 * The redis tier's lifetime counts are the namespace's: every client of a prefix sees what the
 * others counted once they have sent it (at the latest at their close), kept on the server in
 * {@code {P}:stats}, and a client opened later goes on from there.
 */
final class SharedLifetimeCountsTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();

  private CacheTier open(long clockNanos) {
    TierConfig config = TierConfig.builder().capacity(1 << 20).clock(() -> clockNanos).build();
    return RedisTiers.open(config, SERVER.uri(), prefix);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aClientSeesTheCountsOfEveryClientOfItsPrefixAddedUp() {
    byte[] a = bytes("a");
    try (CacheTier first = open(5_000_000_000L)) {
      first.put(ContentKey.sha256(a), a);
      first.get(ContentKey.sha256(a));
      first.get(ContentKey.sha256(bytes("absent")));
    }
    try (CacheTier second = open(9_000_000_000L); CacheTier third = open(9_000_000_000L)) {
      second.get(ContentKey.sha256(a));
      LifetimeStats seen = second.lifetimeStats().orElseThrow();
      assertEquals(new TierStats(2, 1, 1, 0, 0, 0, 0, 1, 1), seen.stats(),
          "the closed client's counts and this one's, not yet sent");
      assertEquals(Instant.ofEpochSecond(5), seen.since(), "counted since the first client");
      // What the second client sent by now, if anything, depends on its background's second.
      assertEquals(1, third.lifetimeStats().orElseThrow().stats().puts(),
          "another client sees what was sent");
      second.close();
      assertEquals(2, third.lifetimeStats().orElseThrow().stats().hits(),
          "a client sends what it counted when it closes");
    }
    try (Jedis plain = new Jedis(java.net.URI.create(SERVER.uri()))) {
      Map<String, String> hash = plain.hgetAll("{" + prefix + "}:stats");
      assertEquals("2", hash.get("hits"), hash::toString);
      assertEquals("5000000000", hash.get("since"), hash::toString);
      assertEquals(-1, plain.pttl("{" + prefix + "}:stats"), "kept without an expiry");
    }
  }
}
