package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import redis.clients.jedis.Jedis;

/**
 * Durations too long for any arithmetic: a ttl beyond every backstop (up to the longest duration a
 * configuration holds, Long.MAX_VALUE nanoseconds) is a tier whose content lives as long as the
 * server keeps it (its backstop capped at 100 years); a ttl, backstop or timeout beyond its limit is
 * refused by a {@link CacheException} naming the setting and its value, never an
 * {@link ArithmeticException}.
 */
final class LongDurationTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  @ParameterizedTest
  @ValueSource(strings = {"PT2562047H47M16.854775807S", "PT2562047H", "P36500D", "P36499D"})
  void aTtlBeyondEveryBackstopMakesAWorkingTier(String ttl) {
    String prefix = RedisTiers.freshPrefix();
    try (CacheTier tier = RedisTiers.open(TierConfig.builder().set("ttl", ttl).build(),
        SERVER.uri(), prefix); Jedis plain = new Jedis(URI.create(SERVER.uri()))) {
      byte[] content = ("kept for " + ttl).getBytes(StandardCharsets.UTF_8);
      assertTrue(tier.put(ContentKey.sha256(content), content));
      assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
      long backstop = plain.pttl("{" + prefix + "}:c:" + ContentKey.sha256(content));
      assertTrue(backstop > 0 && backstop <= Duration.ofDays(36_500).toMillis(),
          () -> "the backstop is at most 100 years, not " + backstop + " ms");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"ttl=PT9223372036854775807S", "ttl=P1000000000000D",
      "retry.interval=PT9223372036854775807S", "reconcile.interval=P1000000000000D",
      "backstop=P1000000000000D", "backstop=PT9223372036854775807S",
      "read.timeout=PT9223372036854775807S", "connect.timeout=P1000000000000D"})
  void aDurationBeyondItsLimitIsRefusedByNameAndValue(String setting) {
    String key = setting.substring(0, setting.indexOf('='));
    String value = setting.substring(setting.indexOf('=') + 1);
    CacheException refused = assertThrows(CacheException.class,
        () -> TierDiscovery.scan().provider("redis").create(TierConfig.builder().set(key, value)
            .set("uri", SERVER.uri()).build()));
    assertTrue(refused.getMessage().contains("'" + key + "'")
        && refused.getMessage().contains(value), refused.getMessage());
  }

  @Test
  void aRetryOrReconcileIntervalBeyondAnyArithmeticIsForever() {
    try (CacheTier tier = RedisTiers.open(TierConfig.builder()
        .set("retry.interval", "PT2562047H47M16.854775807S")
        .set("reconcile.interval", "PT2562047H").build(), SERVER.uri(),
        RedisTiers.freshPrefix())) {
      byte[] content = "content".getBytes(StandardCharsets.UTF_8);
      assertTrue(tier.put(ContentKey.sha256(content), content));
    }
  }
}
